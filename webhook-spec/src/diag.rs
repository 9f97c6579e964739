//! Diagnostics: every problem found in a spec, with its position, rendered like rustc's.
//!
//! ```text
//! error: `object { … }` lists 4 fields but 3 are defined
//!   --> spec/webhooks.md:7:5
//!    |
//!  7 | - `beta_webhook_event: object { id, created_at, data, type }`
//!    |    ^
//!    = note: defined fields: id, created_at, data
//! ```

use crate::model::Pos;
use std::fmt;

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, in one line.
    pub message: String,
    /// Where it is wrong.
    pub pos: Pos,
    /// Another place that takes part in the problem (for example the first of two
    /// conflicting definitions), with a label.
    pub related: Option<(Pos, String)>,
    /// An extra line saying how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error `message` at `pos`.
    pub fn new(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            pos,
            related: None,
            help: None,
        }
    }

    /// Adds another place that takes part in the problem.
    #[must_use]
    pub fn with_related(mut self, pos: Pos, label: impl Into<String>) -> Self {
        self.related = Some((pos, label.into()));
        self
    }

    /// Adds a `help:` line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// All the problems found in one spec file, with the file's name and text so they can be
/// rendered with the offending lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The file name as it should appear in messages (`spec/webhooks.md`).
    pub file: String,
    /// The file's text.
    pub source: String,
    /// The problems, sorted by position.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Collects `items` (sorted by position, exact duplicates removed) for `file`.
    pub fn new(
        file: impl Into<String>,
        source: impl Into<String>,
        mut items: Vec<Diagnostic>,
    ) -> Self {
        items.sort_by_key(|d| d.pos);
        items.dedup();
        Diagnostics {
            file: file.into(),
            source: source.into(),
            items,
        }
    }

    /// The `--> file:line:col` location of a position.
    pub fn location(&self, pos: Pos) -> String {
        if pos.is_known() {
            format!("{}:{}:{}", self.file, pos.line, pos.column)
        } else {
            self.file.clone()
        }
    }

    /// Renders one diagnostic the way rustc does, without a trailing newline.
    ///
    /// Finding the offending line scans the source: to render many diagnostics of a large
    /// file, use [`Diagnostics::rendered`], which indexes the lines once.
    pub fn render(&self, d: &Diagnostic) -> String {
        self.render_with(d, &|l| self.source.lines().nth(l))
    }

    /// [`Diagnostics::render`], with `line(i)` giving the `i`th (0-based) line of the source.
    fn render_with<'s>(&self, d: &Diagnostic, line: &dyn Fn(usize) -> Option<&'s str>) -> String {
        let mut out = format!("error: {}\n", d.message);
        self.snippet(&mut out, d.pos, None, line);
        if let Some((pos, label)) = &d.related {
            out.push_str(&format!("note: {label}\n"));
            self.snippet(&mut out, *pos, None, line);
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("   = help: {help}\n"));
        }
        out.truncate(out.trim_end().len());
        out
    }

    fn snippet<'s>(
        &self,
        out: &mut String,
        pos: Pos,
        label: Option<&str>,
        line: &dyn Fn(usize) -> Option<&'s str>,
    ) {
        out.push_str(&format!("  --> {}\n", self.location(pos)));
        let Some(line) = pos.line.checked_sub(1).and_then(|l| line(l as usize)) else {
            return;
        };
        let number = pos.line.to_string();
        let pad = " ".repeat(number.len());
        let caret_pad: String = line
            .chars()
            .take(pos.column.saturating_sub(1) as usize)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!("{pad} |\n{number} | {line}\n{pad} | {caret_pad}^"));
        if let Some(label) = label {
            out.push_str(&format!(" {label}"));
        }
        out.push('\n');
    }

    /// Each diagnostic rendered on its own, in order.
    pub fn rendered(&self) -> Vec<String> {
        // One pass over the source for all of them: rendering each with `render` would rescan
        // the text every time (quadratic in the size of a file with an error on every line).
        let lines: Vec<&str> = self.source.lines().collect();
        self.items
            .iter()
            .map(|d| self.render_with(d, &|l| lines.get(l).copied()))
            .collect()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rendered = self.rendered();
        write!(f, "{}", rendered.join("\n\n"))?;
        let n = self.items.len();
        write!(
            f,
            "\n\nerror: {} has {n} problem{}",
            self.file,
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Why a spec could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be read at all.
    Io {
        /// The path as given.
        path: String,
        /// What the operating system said.
        error: std::io::Error,
    },
    /// The file was read but is not a valid spec.
    Invalid(Diagnostics),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, error } => write!(f, "cannot read spec file `{path}`: {error}"),
            ReadError::Invalid(d) => d.fmt(f),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { error, .. } => Some(error),
            ReadError::Invalid(d) => Some(d),
        }
    }
}

/// Converts a byte offset in `text` to a 1-based line and column (columns count characters).
/// Offsets past the end point just after the last character.
pub fn offset_to_pos(text: &str, offset: usize) -> Pos {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Pos::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Byte offset → line and column, as [`offset_to_pos`] gives them, without rescanning the text
/// for every position: the readers ask for one position per definition and field, and one scan
/// each would be quadratic in the size of the spec (minutes for a few megabytes).
pub struct LineIndex<'t> {
    text: &'t str,
    /// The byte offset at which each line starts.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The position of a byte offset (snapped back to a character boundary, clamped to the end).
    pub fn pos(&self, offset: usize) -> Pos {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Pos::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_matches_offset_to_pos() {
        for text in [
            "",
            "a",
            "ab\ncdé\nf",
            "\n\n",
            "é\n\u{1F600}x\r\ny\n",
            "{\r\n \"é\": [\n\n\"中\u{1f600}\"],\n\"x\"\n}\n",
        ] {
            let index = LineIndex::new(text);
            for offset in 0..text.len() + 3 {
                assert_eq!(
                    index.pos(offset),
                    offset_to_pos(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "ab\ncdé\nf";
        assert_eq!(offset_to_pos(text, 0), Pos::new(1, 1));
        assert_eq!(offset_to_pos(text, 3), Pos::new(2, 1));
        assert_eq!(offset_to_pos(text, 7), Pos::new(2, 4)); // after the two-byte é
        assert_eq!(offset_to_pos(text, 6), Pos::new(2, 3)); // inside é: snaps back
        assert_eq!(offset_to_pos(text, 99), Pos::new(3, 2));
    }

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostics::new(
            "spec/x.md",
            "# T\n- `a: strng`\n",
            vec![
                Diagnostic::new(Pos::new(2, 7), "unknown type `strng`")
                    .with_help("did you mean `string`?"),
            ],
        );
        assert_eq!(
            d.render(&d.items[0]),
            "error: unknown type `strng`\n  --> spec/x.md:2:7\n  |\n2 | - `a: strng`\n  |       ^\n   = help: did you mean `string`?"
        );
        assert!(d.to_string().ends_with("error: spec/x.md has 1 problem"));
    }

    #[test]
    fn rendered_matches_render() {
        let source = "a\r\nbb\n\nccc\r\n\nlast";
        let items = (0..8)
            .map(|line| {
                Diagnostic::new(Pos::new(line, 2), format!("at {line}"))
                    .with_related(Pos::new(7 - line, 1), "related")
            })
            .collect();
        let d = Diagnostics::new("x.md", source, items);
        let one_by_one: Vec<String> = d.items.iter().map(|i| d.render(i)).collect();
        assert_eq!(d.rendered(), one_by_one);
    }
}
