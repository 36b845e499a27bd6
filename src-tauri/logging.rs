//! Logs go to a daily rolling file in the app's log folder and to stderr.
//!
//! The level comes from `COMPLAINTDESK_LOG` (an `EnvFilter` string such as `debug` or
//! `info,complaintdesk_core=trace`); the default is `info`. Never log personal data: log
//! case numbers and codes, not names, phone numbers or complaint text.
use std::io::IsTerminal;
use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Environment variable that sets the log filter.
pub const LOG_ENV: &str = "COMPLAINTDESK_LOG";

/// How many daily files to keep before the oldest is deleted.
const KEEP_DAYS: usize = 14;

/// Keeps the background log writer alive; the last lines are flushed when it is dropped.
pub struct LogGuard {
    _writer: WorkerGuard,
}

/// Starts logging into `log_dir`. If the folder cannot be used the app still starts and logs
/// to stderr only, because a desk that cannot open is worse than a missing log file.
pub fn init(log_dir: &Path) -> Option<LogGuard> {
    let filter = || EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let colour = std::io::stderr().is_terminal();
    let stderr = fmt::layer().with_writer(std::io::stderr).with_ansi(colour).with_filter(filter());

    let appender = std::fs::create_dir_all(log_dir).map_err(|e| e.to_string()).and_then(|()| {
        RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix("complaintdesk")
            .filename_suffix("log")
            .max_log_files(KEEP_DAYS)
            .build(log_dir)
            .map_err(|e| e.to_string())
    });

    match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let file = fmt::layer().with_writer(writer).with_ansi(false).with_filter(filter());
            // `try_init` fails only if a subscriber is already set (tests): keep that one.
            let _ = tracing_subscriber::registry().with(stderr).with(file).try_init();
            Some(LogGuard { _writer: guard })
        }
        Err(error) => {
            let _ = tracing_subscriber::registry().with(stderr).try_init();
            tracing::warn!(%error, dir = %log_dir.display(), "log folder unusable, logging to stderr only");
            None
        }
    }
}

/// Sends panics to the log file too, so a crash on a clerk's machine leaves a trace.
pub fn log_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Only where it panicked: a panic message can quote a value, and values may be personal
        // data. The default hook still prints the whole message to stderr.
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        tracing::error!(%location, "the app panicked");
        default_hook(info);
    }));
}
