//! External bots: programs that play a power over JSON lines on their stdin
//! and stdout (docs/bot-protocol.md). Each bot runs as a child process in a
//! process group of its own, with a reader and a writer thread, so a bot
//! that sleeps, floods, sends garbage, forks or dies can only make its own
//! power pass: the match never waits longer than the timeout, never stops,
//! and when the bot ends, hangs or the match ends, the whole group is
//! killed, so no process outlives the match.
//!
//! Every request carries an `id`; an answer that echoes another id is a
//! late answer to an earlier request and is discarded, never applied to a
//! later decision. Bots that do not echo ids (the first protocol) still
//! work when they answer in time: after a timeout, the one answer still
//! owed is discarded when it comes.

use bevy::prelude::Resource;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{
    Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError, channel, sync_channel,
};
use std::time::{Duration, Instant};

use crate::ai::protocol::MAX_PREVIEWS;

/// Longest line read from a bot.
pub const MAX_LINE: usize = 1024 * 1024;
/// The default time a bot has for one decision.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);
/// A bot that misses this many deadlines in a row is taken to hang, and is
/// stopped (with its whole process group).
pub const MAX_MISSED: u32 = 3;

enum Line {
    Text(String),
    TooLong,
    Eof,
}

/// Why a bot did not answer (its power passes; the log says this).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BotError {
    #[error("cannot read the bot command `{0}` (an unclosed quote?)")]
    Command(String),
    #[error("the bot command is empty")]
    Empty,
    #[error("cannot start `{command}`: {reason}")]
    Start { command: String, reason: String },
    /// It ended: how (an exit status, a signal, closed output).
    #[error("{0}")]
    Ended(String),
    #[error("no answer within {0:.1} s")]
    Timeout(f64),
    #[error(
        "no answer within {secs:.1} s, {times} times in a row: it is taken to hang and stopped"
    )]
    Hung { secs: f64, times: u32 },
    #[error("line too long: it sent a line longer than {MAX_LINE} bytes")]
    LineTooLong,
}

/// The lines a bot sent, shareable (a resource must be `Sync`) though
/// only ever read through `&mut`.
struct Lines(std::sync::Mutex<Receiver<Line>>);

impl Lines {
    fn get(&mut self) -> &mut Receiver<Line> {
        self.0
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One running bot.
struct Bot {
    /// The command line that started it.
    command: String,
    child: Child,
    to_bot: Sender<String>,
    from_bot: Lines,
    /// Why it no longer plays, once it does not.
    dead: Option<BotError>,
    /// The id of the last request sent.
    last_id: u64,
    /// Answers still owed to requests that timed out (for bots that do not
    /// echo ids).
    owed: u32,
    /// Deadlines missed in a row.
    missed: u32,
    /// The protocol version it speaks: 1 until an answer says `"protocol":
    /// 2`; such a bot outlives its match (see [`POOL`]).
    protocol: u64,
    /// Whether it played an earlier match (it is greeted by `new_match`).
    reused: bool,
}

/// Bots that speak the second protocol, between matches: each waits here,
/// by command and power, for the next match of its tournament worker,
/// until [`shutdown`].
static POOL: std::sync::Mutex<Vec<(String, usize, Bot)>> = std::sync::Mutex::new(Vec::new());

fn pool() -> std::sync::MutexGuard<'static, Vec<(String, usize, Bot)>> {
    POOL.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Stops every bot waiting for a match (at the end of a tournament, or of
/// anything that played matches with bots).
/// Each is told by the end of its input, and given a moment (half a second
/// in all) to finish what it writes before it is stopped.
pub fn shutdown() {
    let mut bots: Vec<Bot> = pool().drain(..).map(|(_, _, bot)| bot).collect();
    for bot in &mut bots {
        // Dropping the only sender ends the writer thread, which closes the
        // bot's input.
        bot.to_bot = channel().0;
    }
    let deadline = Instant::now() + Duration::from_millis(500);
    for bot in &mut bots {
        while Instant::now() < deadline && matches!(bot.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(5));
        }
        bot.stop();
    }
}

/// Splits a bot's command line as a shell would (quotes and escapes), with
/// no shell involved.
pub fn split_command(command: &str) -> Result<Vec<String>, BotError> {
    let parts = shlex::split(command).ok_or_else(|| BotError::Command(command.to_string()))?;
    if parts.is_empty() {
        return Err(BotError::Empty);
    }
    Ok(parts)
}

impl Bot {
    fn spawn(command: &str) -> Result<Bot, BotError> {
        let parts = split_command(command)?;
        let mut cmd = Command::new(&parts[0]);
        cmd.args(&parts[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // A group of its own: the bot and whatever it starts are
            // stopped together.
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().map_err(|e| BotError::Start {
            command: command.to_string(),
            reason: e.to_string(),
        })?;
        let (Some(stdout), Some(mut stdin)) = (child.stdout.take(), child.stdin.take()) else {
            let mut bot_child = child;
            let _ = bot_child.kill();
            let _ = bot_child.wait();
            return Err(BotError::Start {
                command: command.to_string(),
                reason: "no pipes to talk to it".into(),
            });
        };
        let (line_tx, line_rx): (SyncSender<Line>, Receiver<Line>) = sync_channel(16);
        std::thread::spawn(move || read_lines(stdout, line_tx));
        let (req_tx, req_rx) = channel::<String>();
        std::thread::spawn(move || {
            for line in req_rx {
                if stdin
                    .write_all(line.as_bytes())
                    .and_then(|_| stdin.write_all(b"\n"))
                    .and_then(|_| stdin.flush())
                    .is_err()
                {
                    break;
                }
            }
        });
        Ok(Bot {
            child,
            to_bot: req_tx,
            from_bot: Lines(std::sync::Mutex::new(line_rx)),
            command: command.to_string(),
            dead: None,
            last_id: 0,
            owed: 0,
            missed: 0,
            protocol: 1,
            reused: false,
        })
    }

    /// Sends a message, marked with the protocol version the bot speaks.
    fn send(&mut self, mut message: Value) -> Result<(), BotError> {
        if self.protocol >= 2
            && let Value::Object(o) = &mut message
        {
            o.insert("version".into(), Value::from(self.protocol));
        }
        if self.to_bot.send(message.to_string()).is_err() {
            let why = self.exit_reason();
            return Err(self.end(why));
        }
        Ok(())
    }

    /// Stops the bot and every process of its group.
    fn stop(&mut self) {
        #[cfg(unix)]
        {
            let pid = self.child.id() as i32;
            if pid > 0 {
                // SAFETY: kill(2) with a negative pid signals the process
                // group the bot leads (made at spawn); it touches no memory.
                unsafe {
                    libc::kill(-pid, libc::SIGKILL);
                }
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Marks the bot as ended, saying why, and stops its group.
    fn end(&mut self, why: BotError) -> BotError {
        self.stop();
        self.dead = Some(why.clone());
        why
    }

    /// Why the bot's output ended: its exit status, once it has one.
    fn exit_reason(&mut self) -> BotError {
        let deadline = Instant::now() + Duration::from_millis(300);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return BotError::Ended(describe_exit(status)),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                _ => return BotError::Ended("it closed its output".into()),
            }
        }
    }
}

/// An exit status in words: "exited with status 3", "was killed by SIGSEGV".
fn describe_exit(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("it was killed by {}", signal_name(signal));
        }
    }
    match status.code() {
        Some(0) => "it exited".into(),
        Some(code) => format!("it exited with status {code}"),
        None => "it exited".into(),
    }
}

#[cfg(unix)]
fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGILL => "SIGILL",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGUSR1 => "SIGUSR1",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGUSR2 => "SIGUSR2",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGALRM => "SIGALRM",
        libc::SIGTERM => "SIGTERM",
        libc::SIGXCPU => "SIGXCPU",
        libc::SIGXFSZ => "SIGXFSZ",
        libc::SIGSYS => "SIGSYS",
        _ => return format!("signal {signal}"),
    };
    name.to_string()
}

/// Reads lines, cutting any longer than [`MAX_LINE`]; a full channel (a
/// flooding bot) blocks only this thread, and the bot with it.
fn read_lines(stdout: std::process::ChildStdout, tx: SyncSender<Line>) {
    let mut reader = BufReader::with_capacity(64 * 1024, stdout);
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok([]) | Err(_) => {
                let _ = tx.send(Line::Eof);
                return;
            }
            Ok(b) => b,
        };
        let (chunk, done, used) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (&buf[..i], true, i + 1),
            None => (buf, false, buf.len()),
        };
        if !too_long {
            if line.len() + chunk.len() > MAX_LINE {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        reader.consume(used);
        if done {
            let item = if too_long {
                Line::TooLong
            } else {
                Line::Text(String::from_utf8_lossy(&line).into_owned())
            };
            line.clear();
            too_long = false;
            if tx.send(item).is_err() {
                return;
            }
        }
    }
}

/// What the game reads of a bot's line before its content, parsed once:
/// the id it echoes (none for the first protocol's answers and for
/// garbage), the protocol version it says it speaks, and the whole line if
/// it is a `preview` request.
#[derive(Default)]
struct Heard {
    id: Option<u64>,
    protocol: Option<u64>,
    preview: Option<Value>,
}

fn heard(line: &str) -> Heard {
    // Cheap before the parse: most lines of a flood are not answers at all.
    if !["\"id\"", "\"protocol\"", "\"preview\""]
        .iter()
        .any(|key| line.contains(key))
    {
        return Heard::default();
    }
    let Ok(v @ Value::Object(_)) = serde_json::from_str::<Value>(line) else {
        return Heard::default();
    };
    Heard {
        id: v.get("id").and_then(Value::as_u64),
        protocol: v.get("protocol").and_then(Value::as_u64),
        preview: (v.get("type").and_then(Value::as_str) == Some("preview")).then_some(v),
    }
}

/// The bots of a match, by power index.
#[derive(Resource)]
pub struct Bots {
    bots: BTreeMap<usize, Bot>,
    pub timeout: Duration,
}

impl Default for Bots {
    fn default() -> Self {
        Bots::new(DEFAULT_TIMEOUT)
    }
}

impl Bots {
    /// Bots with this time limit per decision.
    pub fn new(timeout: Duration) -> Self {
        Bots {
            bots: BTreeMap::new(),
            timeout,
        }
    }

    /// Sends a message that needs no answer (starting the bot if needed).
    pub fn tell(&mut self, power: usize, command: &str, message: Value) -> Result<(), BotError> {
        self.bot(power, command)?.send(message)
    }

    /// Opens the match for the bot of `power`: `hello` to a new bot,
    /// `new_match` (the same fields) to one that played an earlier match.
    pub fn greet(&mut self, power: usize, command: &str, mut hello: Value) -> Result<(), BotError> {
        let bot = self.bot(power, command)?;
        if bot.reused {
            hello["type"] = Value::from("new_match");
        }
        bot.send(hello)
    }

    /// Sends a message to every started bot that is still running.
    pub fn broadcast(&mut self, message: impl Fn(usize) -> Value) {
        for (power, bot) in &mut self.bots {
            if bot.dead.is_none() {
                let _ = bot.send(message(*power));
            }
        }
    }

    /// Ends the match for its bots: those that speak the second protocol
    /// wait in the pool for the next match; the rest are stopped (after a
    /// moment to read the last message).
    pub fn release(&mut self) {
        let mut stopping = false;
        for (power, mut bot) in std::mem::take(&mut self.bots) {
            if bot.dead.is_none() && bot.protocol >= 2 {
                bot.reused = true;
                pool().push((bot.command.clone(), power, bot));
            } else {
                stopping |= bot.dead.is_none();
                self.bots.insert(power, bot);
            }
        }
        if stopping {
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the bot for `power` has been started.
    pub fn started(&self, power: usize) -> bool {
        self.bots.contains_key(&power)
    }

    fn bot(&mut self, power: usize, command: &str) -> Result<&mut Bot, BotError> {
        let bot = match self.bots.entry(power) {
            std::collections::btree_map::Entry::Vacant(e) => {
                let waiting = {
                    let mut pool = pool();
                    let found = pool
                        .iter()
                        .position(|(c, p, _)| c == command && *p == power);
                    found.map(|i| pool.swap_remove(i).2)
                };
                // One that exited while it waited is replaced, not greeted.
                let waiting = waiting.and_then(|mut bot| match bot.child.try_wait() {
                    Ok(None) => Some(bot),
                    Ok(Some(_)) | Err(_) => {
                        bot.stop();
                        None
                    }
                });
                match waiting {
                    Some(bot) => e.insert(bot),
                    None => e.insert(Bot::spawn(command)?),
                }
            }
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
        };
        if let Some(why) = &bot.dead {
            return Err(why.clone());
        }
        Ok(bot)
    }

    /// Sends a request (given an `id`) and waits for its answer: the first
    /// line that echoes the id, or, from a bot that does not echo ids, the
    /// first line not owed to an earlier request. Lines that come too late
    /// are discarded.
    ///
    /// While it decides, the bot may send `preview` requests; each is
    /// answered at once by `preview` (at most [`MAX_PREVIEWS`] a request),
    /// within the same time limit.
    pub fn ask(
        &mut self,
        power: usize,
        command: &str,
        mut request: Value,
        preview: &mut dyn FnMut(&Value) -> Value,
    ) -> Result<String, BotError> {
        let timeout = self.timeout;
        let bot = self.bot(power, command)?;
        // Lines that came while nobody asked are stale (a flood, or late
        // answers to earlier requests).
        loop {
            match bot.from_bot.get().try_recv() {
                Ok(Line::Eof) | Err(TryRecvError::Disconnected) => {
                    let why = bot.exit_reason();
                    return Err(bot.end(why));
                }
                Ok(Line::Text(line)) => {
                    if heard(&line).id.is_none() {
                        bot.owed = bot.owed.saturating_sub(1);
                    }
                }
                Ok(Line::TooLong) => bot.owed = bot.owed.saturating_sub(1),
                Err(TryRecvError::Empty) => break,
            }
        }
        bot.last_id += 1;
        let id = bot.last_id;
        if let Value::Object(m) = &mut request {
            m.insert("id".into(), Value::from(id));
        }
        bot.send(request)?;
        let deadline = Instant::now() + timeout;
        let mut previews = 0;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match bot.from_bot.get().recv_timeout(left) {
                Ok(Line::Text(line)) => {
                    let what = heard(&line);
                    if let Some(draft) = what.preview {
                        previews += 1;
                        let reply = if previews <= MAX_PREVIEWS {
                            preview(&draft)
                        } else {
                            serde_json::json!({"type": "preview", "error": format!("at most {MAX_PREVIEWS} previews a request")})
                        };
                        bot.send(reply)?;
                        continue;
                    }
                    let answered = match what.id {
                        Some(echo) => echo == id,
                        None if bot.owed > 0 => {
                            bot.owed -= 1;
                            false
                        }
                        None => true,
                    };
                    if answered {
                        bot.missed = 0;
                        if let Some(v) = what.protocol
                            && crate::ai::protocol::PROTOCOLS.contains(&(v as u32))
                        {
                            bot.protocol = v;
                        }
                        return Ok(line);
                    }
                    // else a late answer to an earlier request
                }
                Ok(Line::TooLong) => {
                    if bot.owed > 0 {
                        bot.owed -= 1;
                        continue;
                    }
                    bot.missed = 0;
                    return Err(BotError::LineTooLong);
                }
                Ok(Line::Eof) | Err(RecvTimeoutError::Disconnected) => {
                    let why = bot.exit_reason();
                    return Err(bot.end(why));
                }
                Err(RecvTimeoutError::Timeout) => {
                    bot.owed += 1;
                    bot.missed += 1;
                    let secs = timeout.as_secs_f64();
                    if bot.missed >= MAX_MISSED {
                        return Err(bot.end(BotError::Hung {
                            secs,
                            times: MAX_MISSED,
                        }));
                    }
                    return Err(BotError::Timeout(secs));
                }
            }
        }
    }
}

impl Drop for Bots {
    fn drop(&mut self) {
        for bot in self.bots.values_mut() {
            bot.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_split_like_a_shell() {
        assert_eq!(
            split_command("python3 'my bot.py' --level \"hard one\"").unwrap(),
            ["python3", "my bot.py", "--level", "hard one"]
        );
        assert!(split_command("   ").is_err());
        assert!(split_command("python3 'open").is_err());
    }

    #[test]
    fn answers_are_matched_by_id() {
        assert_eq!(heard(r#"{"id": 4, "actions": []}"#).id, Some(4));
        assert_eq!(heard(r#"{"actions": []}"#).id, None);
        assert_eq!(heard("garbage \"id\"").id, None);
    }
}
