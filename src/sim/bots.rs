//! External bots: programs that play a power over JSON lines on their stdin
//! and stdout (docs/bot-protocol.md). Each bot runs as a child process with
//! a reader and a writer thread, so a bot that sleeps, floods, sends garbage
//! or dies can only make its own power pass: the match never waits longer
//! than the timeout and never stops.

use bevy::prelude::Resource;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{
    Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError, channel, sync_channel,
};
use std::time::Duration;

/// Longest line read from a bot.
pub const MAX_LINE: usize = 1024 * 1024;
/// The default time a bot has for one decision.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

enum Line {
    Text(String),
    TooLong,
    Eof,
}

/// One running bot.
struct Bot {
    child: Child,
    to_bot: Sender<String>,
    from_bot: std::sync::Mutex<Receiver<Line>>,
    dead: Option<String>,
}

impl Bot {
    fn spawn(command: &str) -> Result<Bot, String> {
        let mut parts = command.split_whitespace();
        let program = parts.next().ok_or("the bot command is empty")?;
        let mut child = Command::new(program)
            .args(parts)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start `{command}`: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
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
            from_bot: std::sync::Mutex::new(line_rx),
            dead: None,
        })
    }
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

/// The bots of a match, by power index.
#[derive(Resource)]
pub struct Bots {
    bots: BTreeMap<usize, Bot>,
    pub timeout: Duration,
}

impl Default for Bots {
    fn default() -> Self {
        Bots {
            bots: BTreeMap::new(),
            timeout: DEFAULT_TIMEOUT,
        }
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
    pub fn tell(&mut self, power: usize, command: &str, message: &Value) -> Result<(), String> {
        let bot = self.bot(power, command)?;
        bot.to_bot
            .send(message.to_string())
            .map_err(|_| "the bot has exited".to_string())
    }

    /// Sends a message to every started bot that is still running.
    pub fn broadcast(&mut self, message: impl Fn(usize) -> Value) {
        for (power, bot) in &mut self.bots {
            if bot.dead.is_none() {
                let _ = bot.to_bot.send(message(*power).to_string());
            }
        }
    }

    /// Whether the bot for `power` has been started.
    pub fn started(&self, power: usize) -> bool {
        self.bots.contains_key(&power)
    }

    fn bot(&mut self, power: usize, command: &str) -> Result<&mut Bot, String> {
        if let std::collections::btree_map::Entry::Vacant(e) = self.bots.entry(power) {
            let bot = Bot::spawn(command)?;
            e.insert(bot);
        }
        let bot = self.bots.get_mut(&power).ok_or("no bot")?;
        if let Some(why) = &bot.dead {
            return Err(why.clone());
        }
        Ok(bot)
    }

    /// Sends a request and waits for one line of answer.
    pub fn ask(&mut self, power: usize, command: &str, request: &Value) -> Result<String, String> {
        let timeout = self.timeout;
        let bot = self.bot(power, command)?;
        let from_bot = bot
            .from_bot
            .get_mut()
            .map_err(|_| "the bot's reader failed".to_string())?;
        // Lines left over from earlier (late answers, floods) are stale.
        loop {
            match from_bot.try_recv() {
                Ok(Line::Eof) | Err(TryRecvError::Disconnected) => {
                    bot.dead = Some("the bot has exited".into());
                    return Err("the bot has exited".into());
                }
                Ok(_) => continue,
                Err(TryRecvError::Empty) => break,
            }
        }
        if bot.to_bot.send(request.to_string()).is_err() {
            bot.dead = Some("the bot has exited".into());
            return Err("the bot has exited".into());
        }
        match from_bot.recv_timeout(timeout) {
            Ok(Line::Text(line)) => Ok(line),
            Ok(Line::TooLong) => Err(format!("it sent a line longer than {MAX_LINE} bytes")),
            Ok(Line::Eof) | Err(RecvTimeoutError::Disconnected) => {
                bot.dead = Some("the bot has exited".into());
                Err("the bot exited".into())
            }
            Err(RecvTimeoutError::Timeout) => {
                Err(format!("no answer within {:.1} s", timeout.as_secs_f64()))
            }
        }
    }
}

impl Drop for Bots {
    fn drop(&mut self) {
        for bot in self.bots.values_mut() {
            let _ = bot.child.kill();
            let _ = bot.child.wait();
        }
    }
}
