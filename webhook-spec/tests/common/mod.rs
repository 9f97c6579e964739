//! Helpers shared by the tests that run the `webhook-spec` binary.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Output;

/// The captured standard output.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The captured standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts the exit status, showing the output when it differs.
#[track_caller]
pub fn assert_status(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

/// A scratch file in the system temp directory with a unique name, removed on drop.
pub struct TempFile(PathBuf);

impl TempFile {
    /// Writes `contents` to a fresh file whose name ends with `name`.
    pub fn new(name: &str, contents: &str) -> Self {
        let unique = format!(
            "webhook-spec-test-{}-{:?}-{name}",
            std::process::id(),
            std::thread::current().id()
        )
        .replace(['(', ')'], "");
        let path = std::env::temp_dir().join(unique);
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }

    /// The file's path as a string.
    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
