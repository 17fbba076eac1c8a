//! Files as untrusted input and as precious output, for every layer that
//! touches the disk (scenarios, mods, maps, saves, replays, tournament
//! files).
//!
//! Reading: only a regular file is read. It is opened without blocking and
//! checked on the open handle, so a FIFO, a device or a directory gets a
//! clear error at once instead of a hang or an endless read; every read is
//! bounded (at most the limit + 1 bytes), so `/dev/zero` or a 10 GB file
//! costs nothing. A UTF-8 byte-order mark is accepted.
//!
//! Writing: only a regular file (or a new path) is ever replaced. The text
//! goes to a fresh temporary file with a unique name in the target's folder
//! (created exclusively, so it never follows a planted symlink), is flushed
//! to disk, renamed over the target, and the folder is flushed. On any
//! failure the temporary file is removed and the old file is intact; two
//! processes writing the same path never make each other fail.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a file could not be read or written.
#[derive(Debug, Error)]
pub enum FileError {
    #[error("{path}: cannot read the file: {}", reason(.source))]
    Unreadable { path: String, source: io::Error },
    #[error(
        "{path}: this is {kind}, not a regular file; only regular files are read (give the path of a file)"
    )]
    NotAFile { path: String, kind: &'static str },
    #[error("{path}: the file is larger than {limit} bytes, the most this kind of file may hold")]
    TooLarge { path: String, limit: u64 },
    #[error("{path}:{line}:{col}: the file is not UTF-8 text (save it as UTF-8)")]
    NotUtf8 {
        path: String,
        line: usize,
        col: usize,
    },
    #[error(
        "{path}: refusing to write over {kind}; only a regular file is replaced (choose a file name)"
    )]
    NotReplaceable { path: String, kind: &'static str },
    #[error(
        "{path}: refusing to write through a symbolic link to a missing file (remove the link or choose another name)"
    )]
    DanglingLink { path: String },
    #[error("{path}: cannot write there: the folder {folder} does not exist")]
    NoFolder { path: String, folder: String },
    #[error("{path}: cannot write there: {} is not a folder", .folder)]
    FolderNotDir { path: String, folder: String },
    #[error("{path}: cannot write the file: {}", reason(.source))]
    Unwritable { path: String, source: io::Error },
    #[error(
        "{path}: refusing to write the output over {input}, an input of this command (choose another file)"
    )]
    SameAsInput { path: String, input: String },
}

impl FileError {
    /// The message without the leading `PATH: ` (for reports that print
    /// the path in their own way).
    pub fn reason(&self) -> String {
        let full = self.to_string();
        let path = match self {
            FileError::Unreadable { path, .. }
            | FileError::NotAFile { path, .. }
            | FileError::TooLarge { path, .. }
            | FileError::NotReplaceable { path, .. }
            | FileError::DanglingLink { path }
            | FileError::NoFolder { path, .. }
            | FileError::FolderNotDir { path, .. }
            | FileError::Unwritable { path, .. }
            | FileError::SameAsInput { path, .. } => path,
            FileError::NotUtf8 { .. } => return "the file is not UTF-8 text".into(),
        };
        full.strip_prefix(path.as_str())
            .and_then(|r| r.strip_prefix(": "))
            .map_or(full.clone(), str::to_string)
    }
}

/// An I/O error in plain words.
fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => {
            // The OS text without Rust's " (os error N)" suffix.
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// A path fit to print: control characters escaped (a file name may hold
/// any byte but `/`), and cut only when absurdly long.
pub fn shown(path: &Path) -> String {
    crate::rules::text::shown(&path.display().to_string(), 4096).into_owned()
}

/// What kind of thing a non-regular file is, in words.
fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    if t.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Opens a regular file for reading without ever blocking on it.
fn open_regular(path: &Path) -> Result<File, FileError> {
    let unreadable = |source| FileError::Unreadable {
        path: shown(path),
        source,
    };
    let not_a_file = |meta: &Metadata| FileError::NotAFile {
        path: shown(path),
        kind: kind(meta),
    };
    // Look first, so a device is never even opened...
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // ...and should it be swapped for a FIFO in between, the open does
        // not wait for a writer, and the check below refuses it.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    Ok(file)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let file = open_regular(path)?;
    let mut out = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|source| FileError::Unreadable {
            path: shown(path),
            source,
        })?;
    if out.len() as u64 > limit {
        return Err(FileError::TooLarge {
            path: shown(path),
            limit,
        });
    }
    Ok(out)
}

/// Reads a regular UTF-8 text file of at most `limit` bytes; a leading
/// byte-order mark is dropped.
pub fn read_text(path: &Path, limit: u64) -> Result<String, FileError> {
    let bytes = read_bytes(path, limit)?;
    text_of(bytes).map_err(|(line, col)| FileError::NotUtf8 {
        path: shown(path),
        line,
        col,
    })
}

/// The text of some bytes, without a byte-order mark; or the line and
/// column of the first byte that is not UTF-8.
pub fn text_of(mut bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let text = String::from_utf8_lossy(good);
        let col = text.chars().rev().take_while(|c| *c != '\n').count() + 1;
        (line, col)
    })
}

/// A regular file opened for streaming reads (e.g. a tournament shard,
/// which may be large): checked like [`read_bytes`], read as it goes.
pub fn open_for_reading(path: &Path) -> Result<File, FileError> {
    open_regular(path)
}

/// Whether two paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                x.dev() == y.dev() && x.ino() == y.ino()
            }
            #[cfg(not(unix))]
            {
                let _ = (x, y);
                matches!((a.canonicalize(), b.canonicalize()), (Ok(p), Ok(q)) if p == q)
            }
        }
        _ => false,
    }
}

/// Refuses an output path that is one of the command's inputs.
pub fn not_an_input(output: &Path, inputs: &[PathBuf]) -> Result<(), FileError> {
    match inputs.iter().find(|i| same_file(output, i)) {
        Some(input) => Err(FileError::SameAsInput {
            path: shown(output),
            input: shown(input),
        }),
        None => Ok(()),
    }
}

/// Checks, before any work, that `path` can be written: it is a regular
/// file or new (a symbolic link is followed to a regular file), its folder
/// exists and a file can be created in it. Returns the path that will be
/// replaced (the link's target for a link).
pub fn check_output(path: &Path) -> Result<PathBuf, FileError> {
    let target = writable_target(path)?;
    let folder = folder_of(&target);
    match std::fs::metadata(&folder) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(FileError::FolderNotDir {
                path: shown(path),
                folder: shown(&folder),
            });
        }
        Err(_) => {
            return Err(FileError::NoFolder {
                path: shown(path),
                folder: shown(&folder),
            });
        }
    }
    // A real probe: a file is created in the folder and removed again.
    tempfile::Builder::new()
        .prefix(".spheres-check-")
        .tempfile_in(&folder)
        .map_err(|source| FileError::Unwritable {
            path: shown(path),
            source,
        })?;
    Ok(target)
}

/// The file a write to `path` replaces, if it may be replaced.
fn writable_target(path: &Path) -> Result<PathBuf, FileError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(source) => Err(FileError::Unwritable {
            path: shown(path),
            source,
        }),
        Ok(m) if m.is_file() => Ok(path.to_path_buf()),
        Ok(m) if m.file_type().is_symlink() => match std::fs::metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(FileError::DanglingLink { path: shown(path) })
            }
            Err(source) => Err(FileError::Unwritable {
                path: shown(path),
                source,
            }),
            Ok(t) if t.is_file() => path.canonicalize().map_err(|source| FileError::Unwritable {
                path: shown(path),
                source,
            }),
            Ok(t) => Err(FileError::NotReplaceable {
                path: shown(path),
                kind: kind(&t),
            }),
        },
        Ok(m) => Err(FileError::NotReplaceable {
            path: shown(path),
            kind: kind(&m),
        }),
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A file being written: a temporary file beside the target that becomes
/// the target on [`AtomicFile::commit`], or vanishes if dropped before.
pub struct AtomicFile {
    tmp: BufWriter<tempfile::NamedTempFile>,
    /// The path the user named (for messages).
    path: PathBuf,
    /// The file replaced on commit.
    target: PathBuf,
}

impl AtomicFile {
    /// Starts writing `path` (checked as by [`check_output`]).
    pub fn create(path: &Path) -> Result<AtomicFile, FileError> {
        let target = check_output(path)?;
        let folder = folder_of(&target);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "spheres".into());
        let unwritable = |source| FileError::Unwritable {
            path: shown(path),
            source,
        };
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A new file gets the usual permissions (the umask applies); a
            // replaced one keeps its own.
            let mode = std::fs::metadata(&target)
                .map(|m| m.permissions().mode() & 0o7777)
                .unwrap_or(0o666);
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        let tmp = builder.tempfile_in(&folder).map_err(unwritable)?;
        Ok(AtomicFile {
            tmp: BufWriter::with_capacity(64 * 1024, tmp),
            path: path.to_path_buf(),
            target,
        })
    }

    /// Flushes the text to disk and puts it in place of the target.
    pub fn commit(self) -> Result<(), FileError> {
        let path = self.path;
        let unwritable = |source| FileError::Unwritable {
            path: shown(&path),
            source,
        };
        let tmp = self
            .tmp
            .into_inner()
            .map_err(|e| unwritable(e.into_error()))?;
        tmp.as_file().sync_all().map_err(unwritable)?;
        // The target may have changed since the check (another program):
        // still, only a regular file is replaced.
        writable_target(&self.target)?;
        tmp.persist(&self.target).map_err(|e| unwritable(e.error))?;
        // Flush the folder too, so the rename itself survives a crash.
        if let Ok(dir) = File::open(folder_of(&self.target)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

/// Writes `bytes` to `path` atomically (see the module's documentation).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|source| FileError::Unwritable {
        path: shown(path),
        source,
    })?;
    f.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temporary folder")
    }

    #[test]
    fn reads_are_bounded_and_only_of_regular_files() {
        let d = dir();
        let f = d.path().join("a.txt");
        std::fs::write(&f, b"\xEF\xBB\xBFhello").unwrap();
        assert_eq!(read_text(&f, 100).unwrap(), "hello");
        assert!(matches!(
            read_bytes(&f, 4),
            Err(FileError::TooLarge { limit: 4, .. })
        ));
        assert!(matches!(
            read_bytes(d.path(), 4),
            Err(FileError::NotAFile {
                kind: "a folder",
                ..
            })
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_bytes(Path::new("/dev/zero"), 4),
            Err(FileError::NotAFile { .. })
        ));
        std::fs::write(&f, b"ok\nbad \xFF").unwrap();
        match read_text(&f, 100) {
            Err(FileError::NotUtf8 { line, col, .. }) => assert_eq!((line, col), (2, 5)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn writes_replace_only_regular_files_and_leave_no_temporary_behind() {
        let d = dir();
        let f = d.path().join("out.txt");
        write_atomically(&f, b"one").unwrap();
        write_atomically(&f, b"two").unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        assert!(matches!(
            write_atomically(d.path(), b"x"),
            Err(FileError::NotReplaceable { .. })
        ));
        let missing = d.path().join("no/such/folder/out.txt");
        assert!(matches!(
            check_output(&missing),
            Err(FileError::NoFolder { .. })
        ));
        // A file dropped before commit leaves the old one intact.
        let mut w = AtomicFile::create(&f).unwrap();
        w.write_all(b"half").unwrap();
        drop(w);
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        #[cfg(unix)]
        {
            assert!(matches!(
                check_output(Path::new("/dev/null")),
                Err(FileError::NotReplaceable { .. })
            ));
            let link = d.path().join("link");
            std::os::unix::fs::symlink(d.path().join("gone"), &link).unwrap();
            assert!(matches!(
                check_output(&link),
                Err(FileError::DanglingLink { .. })
            ));
            let to_file = d.path().join("to_file");
            std::os::unix::fs::symlink(&f, &to_file).unwrap();
            write_atomically(&to_file, b"three").unwrap();
            assert_eq!(std::fs::read(&f).unwrap(), b"three");
            assert!(std::fs::symlink_metadata(&to_file).unwrap().is_symlink());
        }
    }

    #[test]
    fn an_output_may_not_be_an_input() {
        let d = dir();
        let f = d.path().join("in.ron");
        std::fs::write(&f, "x").unwrap();
        let other = d.path().join(".").join("in.ron");
        assert!(not_an_input(&other, std::slice::from_ref(&f)).is_err());
        assert!(not_an_input(&d.path().join("new.ron"), &[f]).is_ok());
    }
}
