//! The Markdown reader: turns the API reference's Markdown into an unvalidated [`Spec`].
//!
//! # The format
//!
//! ```markdown
//! # Webhooks                                   ← Spec.title (the first `#` heading)
//!
//! ### Beta Webhook Event                       ← a section: TypeDef.section
//!
//! Optional prose.                              ← TypeDef.description (before the list)
//!
//! - `beta_webhook_event: object { id, data, 1 more }`     ← one top-level item: the type
//!
//!   - `id: string`                             ← a field (nested item)
//!
//!     Unique event identifier.                 ← the field's description
//!
//!   - `data: BetaA or BetaB`                   ← a union summary…
//!
//!     - `beta_a: object { type }`              ← …whose nested items define the members;
//!                                                 they are hoisted into `Spec.types`
//!       - `type: "a"`
//!
//!     - `beta_b: object { type }`
//!
//!       - `type: "b"`
//!
//!   - `type: "event"`
//! ```
//!
//! Every list item starts with an inline code span `` `name: type` ``; the rest of the item's
//! paragraphs are its description (joined with a blank line). Nested items expand the type:
//!
//! - under `object { a, b, N more }` they are the object's fields, and must match the summary
//!   (the named fields come first, in order, and names + `N` = number of fields);
//! - under a union of type names (`A or B or N more`) they define the members, which must match
//!   the summary likewise; each member becomes its own [`TypeDef`] (without a section) and the
//!   union refers to it. Without nested items such a union is a union of references, and `N more`
//!   is an error (the other members are unknown);
//! - under a single reference (`usage: BetaUsage`) they are the fields of the referenced type,
//!   which is hoisted like a union member;
//! - they may sit behind `optional`, `array of` and `map[…]` (`array of object { a, b }`).
//!
//! Headings other than `#` and `###` are ignored; a `##` heading ends the current section.
//! Top-level lists outside a section define types without a section. Other blocks at the top
//! level (prose, code blocks) are ignored; inside a list item only paragraphs and nested lists
//! are allowed.
//!
//! # Type syntax
//!
//! ```text
//! type   := term ("or" term)* ["or" N "more"]
//! term   := "string" | "number" | "integer" | "boolean" | "\"literal\""
//!         | "optional" term | "array" "of" term | "map" "[" type "]"
//!         | "object" "{" [name ("," name)* ["," N "more"]] "}"
//!         | CamelCaseName                                  (a reference, stored in snake case)
//! ```
//!
//! `or` binds loosest: `array of string or number` is `(array of string) or number`. A union
//! with an `optional` member is optional as a whole, so `optional string or number` reads as
//! `optional (string or number)`: the value may be absent, a string or a number, and generators
//! get a single `Option` around the union.
//!
//! # Errors
//!
//! The reader never stops at the first problem: it reports everything it finds, each at the
//! exact line and column, and keeps going. A field whose type cannot be read is kept as a
//! `string` so that validation does not report follow-on problems; a definition with a problem
//! is dropped when the same type is defined correctly elsewhere (the seed defines most types
//! several times), for the same reason.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diag::LineIndex;
use crate::model::{Field, ObjectType, Pos, Spec, Type, TypeDef, UnionType};
use crate::{Diagnostic, naming};

/// Lists nested deeper than this are reported and skipped (this also bounds recursion).
const MAX_LIST_DEPTH: usize = 32;
/// Type expressions nested deeper than this (`optional optional …`) are reported.
const MAX_TYPE_DEPTH: usize = 32;
/// Words longer than this get no "did you mean" suggestion (edit distance is quadratic).
const MAX_SUGGESTION_LEN: usize = 64;
/// The primitive type names.
const PRIMITIVES: [&str; 4] = ["string", "number", "integer", "boolean"];

/// Parses Markdown spec text into an unvalidated spec and syntax diagnostics.
///
/// Never panics; every diagnostic points inside `text`. A document that defines no type at all
/// (and has no other problem) is reported as "no type definitions found" at 1:1.
pub fn parse(text: &str) -> (Spec, Vec<Diagnostic>) {
    let mut tree = TreeBuilder::default();
    for (event, range) in Parser::new(text).into_offset_iter() {
        tree.event(event, range);
    }
    let (blocks, too_deep) = tree.finish();
    let mut reader = Reader {
        text,
        lines: LineIndex::new(text),
        diagnostics: Vec::new(),
        broken: Vec::new(),
    };
    if let Some(offset) = too_deep {
        reader.error(Diagnostic::new(
            reader.pos(offset),
            format!("lists are nested more than {MAX_LIST_DEPTH} levels deep"),
        ));
    }
    let spec = reader.document(&blocks);
    if spec.types.is_empty() && reader.diagnostics.is_empty() {
        // Only when nothing else is wrong: unreadable definitions are reported on their own.
        reader.error(
            Diagnostic::new(Pos::new(1, 1), "no type definitions found").with_help(
                "define each type as a list item under a `###` heading: - `name: object { … }`",
            ),
        );
    }
    (spec, reader.diagnostics)
}

// ---------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Step 1: events → a small block tree
// ---------------------------------------------------------------------------------------------

/// A block of the document, as far as the reader cares.
#[derive(Debug)]
enum Block {
    Heading {
        level: HeadingLevel,
        text: String,
        start: usize,
    },
    Paragraph(Paragraph),
    List(Vec<Item>),
    /// Anything else (code block, block quote, HTML, rule, …): what it is and where.
    Other {
        what: &'static str,
        start: usize,
    },
}

impl Block {
    fn start(&self) -> usize {
        match self {
            Block::Heading { start, .. } | Block::Other { start, .. } => *start,
            Block::Paragraph(p) => p.range.start,
            Block::List(items) => items.first().map_or(0, |item| item.start),
        }
    }
}

/// A paragraph: where it is, and where its first code span is.
#[derive(Debug)]
struct Paragraph {
    range: Range<usize>,
    /// The source range of the first inline code span, backticks included.
    code: Option<Range<usize>>,
    /// Whether anything but white space comes before that code span.
    text_before_code: bool,
}

/// A list item: where its marker is, and its blocks (paragraphs and nested lists).
#[derive(Debug)]
struct Item {
    start: usize,
    blocks: Vec<Block>,
}

/// An open container while building the tree.
enum Frame {
    List(Vec<Item>),
    Item(Item),
    /// `implicit` paragraphs are the inline content of tight list items, which pulldown-cmark
    /// does not wrap in paragraph events.
    Paragraph {
        paragraph: Paragraph,
        implicit: bool,
    },
    Heading {
        level: HeadingLevel,
        text: String,
        start: usize,
    },
    /// A container whose content is ignored; `depth` counts open tags inside it.
    Skip {
        depth: usize,
        what: &'static str,
        start: usize,
    },
}

/// What an inline event contributes.
enum Inline<'e> {
    Text(&'e str),
    Code(&'e str),
    Other,
}

/// Builds the block tree from pulldown-cmark events without recursion, so that deeply nested
/// input cannot overflow the stack (lists deeper than [`MAX_LIST_DEPTH`] are skipped).
#[derive(Default)]
struct TreeBuilder {
    root: Vec<Block>,
    stack: Vec<Frame>,
    list_depth: usize,
    too_deep: Option<usize>,
}

impl TreeBuilder {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if let Some(Frame::Skip { depth, .. }) = self.stack.last_mut() {
            match event {
                Event::Start(_) => *depth += 1,
                Event::End(_) => {
                    *depth = depth.saturating_sub(1);
                    if *depth == 0 {
                        self.pop();
                    }
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end, range),
            Event::Text(text) => self.inline(range, Inline::Text(&text)),
            Event::Code(code) => self.inline(range, Inline::Code(&code)),
            Event::SoftBreak => self.inline(range, Inline::Text(" ")),
            Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::HardBreak
            | Event::TaskListMarker(_) => self.inline(range, Inline::Other),
            Event::Html(_) => self.leaf_block("HTML block", range.start),
            Event::Rule => self.leaf_block("horizontal rule", range.start),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let what = match tag {
            Tag::Paragraph => {
                self.close_implicit();
                self.stack.push(Frame::Paragraph {
                    paragraph: Paragraph {
                        range,
                        code: None,
                        text_before_code: false,
                    },
                    implicit: false,
                });
                return;
            }
            Tag::Heading { level, .. } => {
                self.close_implicit();
                self.stack.push(Frame::Heading {
                    level,
                    text: String::new(),
                    start: range.start,
                });
                return;
            }
            Tag::List(_) => {
                self.close_implicit();
                if self.list_depth >= MAX_LIST_DEPTH {
                    self.too_deep.get_or_insert(range.start);
                    "list"
                } else {
                    self.list_depth += 1;
                    self.stack.push(Frame::List(Vec::new()));
                    return;
                }
            }
            Tag::Item => {
                self.close_implicit();
                self.stack.push(Frame::Item(Item {
                    start: range.start,
                    blocks: Vec::new(),
                }));
                return;
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. } => {
                self.inline(range, Inline::Other);
                return;
            }
            Tag::BlockQuote(_) => "block quote",
            Tag::CodeBlock(_) => "code block",
            Tag::HtmlBlock => "HTML block",
            Tag::FootnoteDefinition(_) => "footnote",
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "table",
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                "definition list"
            }
            Tag::MetadataBlock(_) => "metadata block",
        };
        self.close_implicit();
        self.stack.push(Frame::Skip {
            depth: 1,
            what,
            start: range.start,
        });
    }

    fn end(&mut self, end: TagEnd, range: Range<usize>) {
        match end {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::List(_) | TagEnd::Item => {
                self.close_implicit();
                let matches = matches!(
                    (end, self.stack.last()),
                    (TagEnd::Paragraph, Some(Frame::Paragraph { .. }))
                        | (TagEnd::Heading(_), Some(Frame::Heading { .. }))
                        | (TagEnd::List(_), Some(Frame::List(_)))
                        | (TagEnd::Item, Some(Frame::Item(_)))
                );
                if matches {
                    self.pop();
                }
            }
            // The end of an inline tag: it still belongs to the current paragraph.
            _ => {
                if let Some(Frame::Paragraph { paragraph, .. }) = self.stack.last_mut() {
                    paragraph.range.end = paragraph.range.end.max(range.end);
                }
            }
        }
    }

    fn inline(&mut self, range: Range<usize>, inline: Inline<'_>) {
        if matches!(self.stack.last(), Some(Frame::Item(_))) {
            self.stack.push(Frame::Paragraph {
                paragraph: Paragraph {
                    range: range.clone(),
                    code: None,
                    text_before_code: false,
                },
                implicit: true,
            });
        }
        match self.stack.last_mut() {
            Some(Frame::Paragraph { paragraph, .. }) => {
                paragraph.range.start = paragraph.range.start.min(range.start);
                paragraph.range.end = paragraph.range.end.max(range.end);
                if paragraph.code.is_none() {
                    match inline {
                        Inline::Code(_) => paragraph.code = Some(range),
                        Inline::Text(text) if text.trim().is_empty() => {}
                        _ => paragraph.text_before_code = true,
                    }
                }
            }
            Some(Frame::Heading { text, .. }) => match inline {
                Inline::Text(t) => text.push_str(t),
                Inline::Code(code) => {
                    text.push('`');
                    text.push_str(code);
                    text.push('`');
                }
                Inline::Other => {}
            },
            _ => {}
        }
    }

    fn leaf_block(&mut self, what: &'static str, start: usize) {
        self.close_implicit();
        self.attach(Block::Other { what, start });
    }

    fn close_implicit(&mut self) {
        if matches!(
            self.stack.last(),
            Some(Frame::Paragraph { implicit: true, .. })
        ) {
            self.pop();
        }
    }

    /// Closes the innermost open container and attaches it to its parent.
    fn pop(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::List(items) => {
                self.list_depth = self.list_depth.saturating_sub(1);
                self.attach(Block::List(items));
            }
            Frame::Item(item) => {
                if let Some(Frame::List(items)) = self.stack.last_mut() {
                    items.push(item);
                }
            }
            Frame::Paragraph { paragraph, .. } => self.attach(Block::Paragraph(paragraph)),
            Frame::Heading { level, text, start } => self.attach(Block::Heading {
                level,
                text: text.trim().to_string(),
                start,
            }),
            Frame::Skip { what, start, .. } => self.attach(Block::Other { what, start }),
        }
    }

    fn attach(&mut self, block: Block) {
        match self.stack.last_mut() {
            None => self.root.push(block),
            Some(Frame::Item(item)) => item.blocks.push(block),
            Some(_) => {}
        }
    }

    /// The top-level blocks, and where lists first got too deep (if they did).
    fn finish(mut self) -> (Vec<Block>, Option<usize>) {
        while !self.stack.is_empty() {
            self.pop();
        }
        (self.root, self.too_deep)
    }
}

// ---------------------------------------------------------------------------------------------
// Step 2: type expressions
// ---------------------------------------------------------------------------------------------

/// A parsed type expression, with the source offsets needed to check summaries.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    /// A primitive or a literal.
    Type(Type),
    /// A CamelCase reference, as written.
    Ref {
        name: String,
        start: usize,
    },
    Optional(Box<Expr>),
    Array(Box<Expr>),
    Map(Box<Expr>),
    /// `object { names…, N more }`; `start` is where `object` is.
    Object {
        names: Vec<(String, usize)>,
        more: Option<More>,
        start: usize,
    },
    /// `A or B or N more`; `start` is where the first member is.
    Union {
        members: Vec<Expr>,
        more: Option<More>,
        start: usize,
    },
}

/// An `N more` summary: the count and where it is written.
#[derive(Debug, Clone, Copy, PartialEq)]
struct More {
    count: usize,
    start: usize,
}

/// A syntax error in a type expression.
#[derive(Debug, Clone, PartialEq)]
struct SyntaxError {
    offset: usize,
    message: String,
    help: Option<String>,
}

impl SyntaxError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        SyntaxError {
            offset,
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'s> {
    /// Letters, digits, `_`, `-` and `.`.
    Word(&'s str),
    /// A `"…"` literal, unescaped.
    Str(String),
    /// Any other single character (`{`, `}`, `[`, `]`, `,`, and unexpected ones).
    Punct(char),
}

impl std::fmt::Display for Tok<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Tok::Word(w) => f.write_str(w),
            Tok::Str(s) => write!(f, "{s:?}"),
            Tok::Punct(c) => write!(f, "{c}"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token<'s> {
    tok: Tok<'s>,
    /// Absolute byte offset in the document.
    start: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Splits `src` (which starts at byte `base` of the document) into tokens.
fn tokenize(src: &str, base: usize) -> Result<Vec<Token<'_>>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let start = base + i;
        if c.is_whitespace() {
            continue;
        }
        let tok = if is_word_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            Tok::Word(src.get(i..end).unwrap_or_default())
        } else if c == '"' {
            let mut value = String::new();
            loop {
                match chars.next() {
                    None => {
                        return Err(SyntaxError::new(start, "unterminated string literal")
                            .help("close the literal with `\"`"));
                    }
                    Some((_, '"')) => break,
                    Some((_, '\\')) => match chars.next() {
                        Some((_, escaped)) => value.push(escaped),
                        None => {
                            return Err(SyntaxError::new(start, "unterminated string literal")
                                .help("close the literal with `\"`"));
                        }
                    },
                    Some((_, other)) => value.push(other),
                }
            }
            Tok::Str(value)
        } else {
            Tok::Punct(c)
        };
        tokens.push(Token { tok, start });
    }
    Ok(tokens)
}

/// Parses the type expression `src`, which starts at byte `base` of the document.
fn parse_type(src: &str, base: usize) -> Result<Expr, SyntaxError> {
    let tokens = tokenize(src, base)?;
    let mut parser = TypeParser {
        tokens,
        next: 0,
        end: base + src.len(),
    };
    if parser.tokens.is_empty() {
        return Err(SyntaxError::new(base, "missing type after `:`")
            .help("write the item as `name: type`, for example `id: string`"));
    }
    let expr = parser.union(0)?;
    match parser.peek() {
        None => Ok(expr),
        Some(token) => Err(SyntaxError::new(
            token.start,
            format!(
                "expected `or` or the end of the type, found `{}`",
                token.tok
            ),
        )),
    }
}

/// A recursive-descent parser over the tokens of one type expression.
struct TypeParser<'s> {
    tokens: Vec<Token<'s>>,
    next: usize,
    /// The offset just after the expression, for "expected … here" at the end.
    end: usize,
}

impl<'s> TypeParser<'s> {
    fn peek(&self) -> Option<&Token<'s>> {
        self.tokens.get(self.next)
    }

    fn bump(&mut self) -> Option<Token<'s>> {
        let token = self.tokens.get(self.next).cloned();
        if token.is_some() {
            self.next += 1;
        }
        token
    }

    fn here(&self) -> usize {
        self.peek().map_or(self.end, |t| t.start)
    }

    fn peek_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Word(w), .. }) if *w == word)
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let found = self.peek_word(word);
        if found {
            self.next += 1;
        }
        found
    }

    fn eat_punct(&mut self, c: char) -> bool {
        let found = matches!(self.peek(), Some(Token { tok: Tok::Punct(p), .. }) if *p == c);
        if found {
            self.next += 1;
        }
        found
    }

    /// `N more`, if that is what comes next.
    fn more(&mut self) -> Result<Option<More>, SyntaxError> {
        let (Some(first), Some(second)) =
            (self.tokens.get(self.next), self.tokens.get(self.next + 1))
        else {
            return Ok(None);
        };
        let (Tok::Word(count), Tok::Word("more")) = (&first.tok, &second.tok) else {
            return Ok(None);
        };
        if !count.chars().all(|c| c.is_ascii_digit()) {
            return Ok(None);
        }
        let start = first.start;
        let count = count
            .parse::<usize>()
            .map_err(|_| SyntaxError::new(start, format!("`{count} more` is too many")))?;
        self.next += 2;
        Ok(Some(More { count, start }))
    }

    /// `term ("or" term)* ["or" N "more"]`
    fn union(&mut self, depth: usize) -> Result<Expr, SyntaxError> {
        let start = self.here();
        let mut members = vec![self.term(depth)?];
        let mut more = None;
        while self.eat_word("or") {
            if let Some(summary) = self.more()? {
                more = Some(summary);
                if self.peek_word("or") {
                    return Err(SyntaxError::new(
                        summary.start,
                        format!("`{} more` must come last in a union", summary.count),
                    ));
                }
                break;
            }
            members.push(self.term(depth)?);
        }
        if members.len() == 1
            && more.is_none()
            && let Some(only) = members.pop()
        {
            return Ok(only);
        }
        // A union with an optional member is optional as a whole.
        let optional = members.iter().any(|m| matches!(m, Expr::Optional(_)));
        if optional {
            members = members
                .into_iter()
                .map(|m| match m {
                    Expr::Optional(inner) => *inner,
                    other => other,
                })
                .collect();
        }
        let union = Expr::Union {
            members,
            more,
            start,
        };
        Ok(if optional {
            Expr::Optional(Box::new(union))
        } else {
            union
        })
    }

    fn term(&mut self, depth: usize) -> Result<Expr, SyntaxError> {
        if depth > MAX_TYPE_DEPTH {
            return Err(SyntaxError::new(
                self.here(),
                format!("type is nested more than {MAX_TYPE_DEPTH} levels deep"),
            ));
        }
        let Some(Token { tok, start }) = self.bump() else {
            let message = match self.next.checked_sub(1).and_then(|i| self.tokens.get(i)) {
                Some(previous) => format!("expected a type after `{}`", previous.tok),
                None => "expected a type here".to_string(),
            };
            return Err(SyntaxError::new(self.end, message));
        };
        match tok {
            Tok::Word("optional") => Ok(Expr::Optional(Box::new(self.term(depth + 1)?))),
            Tok::Word("array") => {
                if !self.eat_word("of") {
                    return Err(SyntaxError::new(self.here(), "expected `of` after `array`")
                        .help("write `array of T`"));
                }
                Ok(Expr::Array(Box::new(self.term(depth + 1)?)))
            }
            Tok::Word("map") => {
                if !self.eat_punct('[') {
                    return Err(SyntaxError::new(self.here(), "expected `[` after `map`")
                        .help("write `map[T]`"));
                }
                let of = self.union(depth + 1)?;
                if !self.eat_punct(']') {
                    return Err(SyntaxError::new(
                        self.here(),
                        "expected `]` to close `map[`",
                    ));
                }
                Ok(Expr::Map(Box::new(of)))
            }
            Tok::Word("object") => self.object(start),
            Tok::Word("string") => Ok(Expr::Type(Type::String)),
            Tok::Word("number") => Ok(Expr::Type(Type::Number)),
            Tok::Word("integer") => Ok(Expr::Type(Type::Integer)),
            Tok::Word("boolean") => Ok(Expr::Type(Type::Boolean)),
            Tok::Str(value) => Ok(Expr::Type(Type::Literal { value })),
            Tok::Word(word) if is_camel_case(word) && !is_reserved(word) => Ok(Expr::Ref {
                name: word.to_string(),
                start,
            }),
            Tok::Word(word) => Err(unknown_type(word, start)),
            Tok::Punct(c) => Err(SyntaxError::new(
                start,
                format!("expected a type, found `{c}`"),
            )),
        }
    }

    /// The rest of `object { … }` after `object`.
    fn object(&mut self, start: usize) -> Result<Expr, SyntaxError> {
        if !self.eat_punct('{') {
            return Err(SyntaxError::new(self.here(), "expected `{` after `object`")
                .help("write `object { field, field, N more }`"));
        }
        let mut names = Vec::new();
        let mut more = None;
        loop {
            if self.eat_punct('}') {
                break;
            }
            if let Some(summary) = self.more()? {
                more = Some(summary);
                if !self.eat_punct('}') {
                    return Err(SyntaxError::new(
                        self.here(),
                        format!("expected `}}` after `{} more`", summary.count),
                    ));
                }
                break;
            }
            match self.bump() {
                Some(Token {
                    tok: Tok::Word(name),
                    start,
                }) => names.push((name.to_string(), start)),
                Some(other) => {
                    return Err(SyntaxError::new(
                        other.start,
                        format!("expected a field name, found `{}`", other.tok),
                    ));
                }
                None => {
                    return Err(SyntaxError::new(
                        self.end,
                        "missing `}` to close `object {`",
                    ));
                }
            }
            if self.eat_punct(',') {
                continue;
            }
            if self.eat_punct('}') {
                break;
            }
            return Err(match self.peek() {
                Some(token) => SyntaxError::new(
                    token.start,
                    format!(
                        "expected `,` or `}}` in `object {{ … }}`, found `{}`",
                        token.tok
                    ),
                ),
                None => SyntaxError::new(self.end, "missing `}` to close `object {`"),
            });
        }
        Ok(Expr::Object { names, more, start })
    }
}

/// Whether `word` looks like a type reference: an ASCII uppercase letter, then letters and digits.
fn is_camel_case(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word.chars().all(|c| c.is_ascii_alphanumeric())
}

/// CamelCase words that are almost certainly misspelt keywords (`String`, `Optional`).
fn is_reserved(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    PRIMITIVES.contains(&lower.as_str())
        || matches!(
            lower.as_str(),
            "optional" | "array" | "map" | "object" | "or"
        )
}

/// The "unknown type" error for `word`, with a suggestion where one makes sense.
fn unknown_type(word: &str, start: usize) -> SyntaxError {
    let error = SyntaxError::new(start, format!("unknown type `{word}`"));
    match unknown_type_help(word) {
        Some(help) => error.help(help),
        None => error,
    }
}

fn unknown_type_help(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    let hint = match lower.as_str() {
        "list" | "vec" | "sequence" | "seq" | "set" | "tuple" => {
            Some("write `array of T` for a list of values")
        }
        "int" | "i32" | "i64" | "u32" | "u64" | "int32" | "int64" | "long" | "uint" => {
            Some("did you mean `integer`?")
        }
        "float" | "double" | "f32" | "f64" | "decimal" | "real" | "num" => {
            Some("did you mean `number`?")
        }
        "bool" => Some("did you mean `boolean`?"),
        "str" | "text" | "char" => Some("did you mean `string`?"),
        "dict" | "dictionary" | "hashmap" | "record" => {
            Some("write `map[T]` for an object with arbitrary keys")
        }
        "null" | "nullable" | "option" | "maybe" | "none" | "undefined" => {
            Some("write `optional T` for a value that may be absent")
        }
        "enum" | "union" | "oneof" => Some("separate the alternatives with `or`"),
        _ => None,
    };
    if let Some(hint) = hint {
        return Some(hint.to_string());
    }
    if let Some(best) = closest(
        &lower,
        [
            "string", "number", "integer", "boolean", "optional", "array", "map", "object",
        ],
    ) {
        let shown = match best {
            "array" => "array of …",
            "map" => "map[…]",
            "object" => "object { … }",
            other => other,
        };
        return Some(format!("did you mean `{shown}`?"));
    }
    if naming::is_identifier(word) {
        return Some(format!(
            "references to other types are written in CamelCase: `{}`",
            naming::camel_case(word)
        ));
    }
    None
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub(crate) fn closest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    if word.len() > MAX_SUGGESTION_LEN {
        return None;
    }
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| c.len() <= MAX_SUGGESTION_LEN)
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, c)| c)
}

// ---------------------------------------------------------------------------------------------
// Step 3: blocks → spec
// ---------------------------------------------------------------------------------------------

/// A definition as read, with whether reading it produced an error.
struct Def {
    def: TypeDef,
    broken: bool,
}

/// The `###` section being read.
struct Section {
    title: String,
    start: usize,
    description: Vec<String>,
    has_list: bool,
    defined: usize,
}

/// One list item's `name: type`, description and nested items.
struct Entry<'b> {
    name: String,
    pos: Pos,
    ty: Option<Expr>,
    description: Option<String>,
    children: Vec<&'b Item>,
}

struct Reader<'t> {
    text: &'t str,
    lines: LineIndex<'t>,
    diagnostics: Vec<Diagnostic>,
    /// One flag per definition being read (innermost last): set when an error is reported.
    broken: Vec<bool>,
}

impl Reader<'_> {
    fn pos(&self, offset: usize) -> Pos {
        self.lines.pos(offset)
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
        if let Some(broken) = self.broken.last_mut() {
            *broken = true;
        }
    }

    fn syntax_error(&mut self, error: SyntaxError) {
        let mut diagnostic = Diagnostic::new(self.pos(error.offset), error.message);
        if let Some(help) = error.help {
            diagnostic = diagnostic.with_help(help);
        }
        self.error(diagnostic);
    }

    /// The text of a paragraph (or of the part of one in `range`): lines trimmed, blank lines
    /// dropped.
    fn paragraph_text(&self, range: Range<usize>) -> String {
        let text = self.text.get(range).unwrap_or_default();
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn document(&mut self, blocks: &[Block]) -> Spec {
        let mut title = None;
        let mut defs = Vec::new();
        let mut section: Option<Section> = None;
        for block in blocks {
            match block {
                Block::Heading { level, text, start } => match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => {
                        self.end_section(section.take());
                        if *level == HeadingLevel::H1 && title.is_none() && !text.is_empty() {
                            title = Some(text.clone());
                        }
                    }
                    HeadingLevel::H3 => {
                        self.end_section(section.take());
                        section = Some(Section {
                            title: text.clone(),
                            start: *start,
                            description: Vec::new(),
                            has_list: false,
                            defined: 0,
                        });
                    }
                    _ => {}
                },
                Block::Paragraph(p) => {
                    if let Some(section) = section.as_mut().filter(|s| !s.has_list) {
                        section
                            .description
                            .push(self.paragraph_text(p.range.clone()));
                    }
                }
                Block::List(items) => {
                    for item in items {
                        self.top_level(item, section.as_mut(), &mut defs);
                    }
                    if let Some(section) = section.as_mut() {
                        section.has_list = true;
                    }
                }
                Block::Other { .. } => {}
            }
        }
        self.end_section(section);
        // Drop definitions with errors when the type is also defined without errors elsewhere:
        // comparing them would only repeat the errors already reported.
        let good: HashSet<String> = defs
            .iter()
            .filter(|d| !d.broken)
            .map(|d| d.def.name.clone())
            .collect();
        let types = defs
            .into_iter()
            .filter(|d| !d.broken || !good.contains(&d.def.name))
            .map(|d| d.def)
            .collect();
        Spec { title, types }
    }

    fn end_section(&mut self, section: Option<Section>) {
        if let Some(section) = section
            && !section.has_list
        {
            let title = if section.title.is_empty() {
                String::from("(untitled)")
            } else {
                section.title
            };
            self.error(
                Diagnostic::new(
                    self.pos(section.start),
                    format!("section `{title}` defines no type"),
                )
                .with_help("define the type as a list item: - `name: object { … }`"),
            );
        }
    }

    /// A top-level list item: one named type, plus the members it defines inline.
    fn top_level(&mut self, item: &Item, section: Option<&mut Section>, defs: &mut Vec<Def>) {
        let (def, hoisted) = self.definition(item);
        let Some(mut def) = def else {
            defs.extend(hoisted);
            return;
        };
        if let Some(section) = section {
            if !section.title.is_empty() {
                def.def.section = Some(section.title.clone());
            }
            if section.defined == 0 && !section.description.is_empty() {
                let mut parts = section.description.clone();
                parts.extend(def.def.description.take());
                def.def.description = Some(parts.join("\n\n"));
            }
            section.defined += 1;
        }
        defs.push(def);
        defs.extend(hoisted);
    }

    /// Reads a list item as a named type; also returns the types it defines inline.
    fn definition(&mut self, item: &Item) -> (Option<Def>, Vec<Def>) {
        self.broken.push(false);
        let mut inner = Vec::new();
        let def = self.entry(item).map(|entry| {
            let ty = self.build(entry.ty, &entry.children, &mut inner);
            let mut def = TypeDef::new(entry.name, ty, entry.pos);
            def.description = entry.description;
            def
        });
        let broken = self.broken.pop().unwrap_or(false);
        (def.map(|def| Def { def, broken }), inner)
    }

    /// Reads a nested list item as a field.
    fn field(&mut self, item: &Item, hoisted: &mut Vec<Def>) -> Option<Field> {
        let entry = self.entry(item)?;
        let ty = self.build(entry.ty, &entry.children, hoisted);
        let mut field = Field::new(entry.name, ty, entry.pos);
        field.description = entry.description;
        Some(field)
    }

    /// Reads nested items whose meaning is unknown (under a broken head), only to report the
    /// problems inside them.
    fn skim(&mut self, children: &[&Item]) {
        let mut ignored = Vec::new();
        for child in children {
            self.field(child, &mut ignored);
        }
    }

    /// Splits a list item into `name: type`, description and nested items.
    fn entry<'b>(&mut self, item: &'b Item) -> Option<Entry<'b>> {
        let mut children = Vec::new();
        let mut description = Vec::new();
        for block in item.blocks.iter().skip(1) {
            match block {
                Block::Paragraph(p) => description.push(self.paragraph_text(p.range.clone())),
                Block::List(items) => children.extend(items),
                Block::Heading { start, .. } | Block::Other { start, .. } => {
                    let what = match block {
                        Block::Other { what, .. } => what,
                        _ => "heading",
                    };
                    self.error(
                        Diagnostic::new(
                            self.pos(*start),
                            format!("unexpected {what} inside a list item"),
                        )
                        .with_help(
                            "only description paragraphs and nested `name: type` items may follow \
                             the code span",
                        ),
                    );
                }
            }
        }
        let head = match item.blocks.first() {
            Some(Block::Paragraph(p)) if !p.text_before_code => p.code.clone().map(|c| (p, c)),
            _ => None,
        };
        let Some((head, code)) = head else {
            let at = item.blocks.first().map_or(item.start, Block::start);
            self.error(
                Diagnostic::new(
                    self.pos(at),
                    "list item does not start with a `name: type` code span",
                )
                .with_help("write the item as - `name: type`, for example - `id: string`"),
            );
            if let Some(Block::List(items)) = item.blocks.first() {
                children.extend(items);
            }
            self.skim(&children);
            return None;
        };

        // The code span's content, between the backtick runs.
        let raw = self.text.get(code.clone()).unwrap_or_default();
        let ticks = raw.len() - raw.trim_start_matches('`').len();
        let content = raw
            .get(ticks..raw.len().saturating_sub(ticks))
            .unwrap_or_default();
        let content_start = code.start + ticks;
        let leading = content.len() - content.trim_start().len();

        let split = content.find(':').and_then(|colon| {
            let name_part = content.get(..colon)?;
            let name = name_part.trim();
            (!name.is_empty()).then_some((name, name_part, colon))
        });
        let Some((name, name_part, colon)) = split else {
            let shown = shorten(content.trim());
            let at = self.pos(content_start + leading);
            self.error(
                Diagnostic::new(
                    at,
                    format!("expected `name: type` in the code span, found `{shown}`"),
                )
                .with_help("write the item as - `name: type`, for example - `id: string`"),
            );
            if naming::is_identifier(content.trim()) {
                // Probably a name without its type: keep it (as a `string`) so that nothing
                // else reports it missing.
                return Some(Entry {
                    name: content.trim().to_string(),
                    pos: at,
                    ty: None,
                    description: None,
                    children,
                });
            }
            self.skim(&children);
            return None;
        };
        let name_start = content_start + (name_part.len() - name_part.trim_start().len());
        let ty_src = content.get(colon + 1..).unwrap_or_default();
        let ty = match parse_type(ty_src, content_start + colon + 1) {
            Ok(expr) => Some(expr),
            Err(error) => {
                self.syntax_error(error);
                None
            }
        };

        // The rest of the head paragraph (after the code span) starts the description.
        let rest = self.paragraph_text(code.end..head.range.end.max(code.end));
        if !rest.is_empty() {
            description.insert(0, rest);
        }
        description.retain(|d| !d.is_empty());
        let description = Some(description.join("\n\n"))
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty());

        Some(Entry {
            name: name.to_string(),
            pos: self.pos(name_start),
            ty,
            description,
            children,
        })
    }

    /// The type of an entry, expanded with its nested items.
    fn build(&mut self, expr: Option<Expr>, children: &[&Item], hoisted: &mut Vec<Def>) -> Type {
        match expr {
            Some(expr) => self.expand(expr, children, hoisted),
            None => {
                self.skim(children);
                Type::String
            }
        }
    }

    fn expand(&mut self, expr: Expr, children: &[&Item], hoisted: &mut Vec<Def>) -> Type {
        match expr {
            Expr::Type(ty) => {
                if !children.is_empty() {
                    self.unexpected_children(children);
                }
                ty
            }
            Expr::Optional(of) => Type::Optional {
                of: Box::new(self.expand(*of, children, hoisted)),
            },
            Expr::Array(of) => Type::Array {
                of: Box::new(self.expand(*of, children, hoisted)),
            },
            Expr::Map(of) => Type::Map {
                of: Box::new(self.expand(*of, children, hoisted)),
            },
            Expr::Ref { name, start } => {
                let snake = naming::snake_case(&name);
                if !children.is_empty() {
                    // The nested items are the fields of the referenced type.
                    self.broken.push(false);
                    let mut inner = Vec::new();
                    let fields = children
                        .iter()
                        .filter_map(|child| self.field(child, &mut inner))
                        .collect();
                    let broken = self.broken.pop().unwrap_or(false);
                    let def = TypeDef::new(
                        snake.clone(),
                        Type::Object(ObjectType { fields }),
                        self.pos(start),
                    );
                    hoisted.push(Def { def, broken });
                    hoisted.extend(inner);
                }
                Type::Ref { name: snake }
            }
            Expr::Object { names, more, start } => {
                if children.is_empty() {
                    if !names.is_empty() || more.is_some() {
                        self.error(
                            Diagnostic::new(
                                self.pos(start),
                                "object summary lists fields but none are defined below it",
                            )
                            .with_help("list each field as a nested item: - `name: type`"),
                        );
                    }
                    return Type::Object(ObjectType::default());
                }
                let mut fields = Vec::new();
                let mut complete = true;
                for child in children {
                    match self.field(child, hoisted) {
                        Some(field) => fields.push(field),
                        None => complete = false,
                    }
                }
                if complete {
                    self.check_object_summary(&names, more, start, &fields);
                }
                Type::Object(ObjectType { fields })
            }
            Expr::Union {
                members,
                more,
                start,
            } => {
                if children.is_empty() {
                    if let Some(more) = more {
                        self.error(
                            Diagnostic::new(
                                self.pos(more.start),
                                format!(
                                    "union summary ends with `{} more` but no members are listed \
                                     below it",
                                    more.count
                                ),
                            )
                            .with_help("define every member as a nested item, or name all members"),
                        );
                    }
                    let members = members
                        .into_iter()
                        .map(|m| self.expand(m, &[], hoisted))
                        .collect();
                    return Type::Union(UnionType {
                        members,
                        discriminator: None,
                    });
                }
                let names: Option<Vec<(String, usize)>> = members
                    .iter()
                    .map(|m| match m {
                        Expr::Ref { name, start } => Some((name.clone(), *start)),
                        _ => None,
                    })
                    .collect();
                let Some(names) = names else {
                    self.unexpected_children(children);
                    let members = members
                        .into_iter()
                        .map(|m| self.expand(m, &[], hoisted))
                        .collect();
                    return Type::Union(UnionType {
                        members,
                        discriminator: None,
                    });
                };
                let mut defined = Vec::new();
                let mut complete = true;
                for child in children {
                    let (def, inner) = self.definition(child);
                    match def {
                        Some(def) => {
                            defined.push((def.def.name.clone(), def.def.pos));
                            hoisted.push(def);
                        }
                        None => complete = false,
                    }
                    hoisted.extend(inner);
                }
                if complete {
                    self.check_union_summary(&names, more, start, &defined);
                }
                Type::Union(UnionType {
                    members: defined
                        .into_iter()
                        .map(|(name, _)| Type::Ref { name })
                        .collect(),
                    discriminator: None,
                })
            }
        }
    }

    fn unexpected_children(&mut self, children: &[&Item]) {
        let at = children
            .first()
            .map_or(0, |c| c.blocks.first().map_or(c.start, Block::start));
        self.error(
            Diagnostic::new(
                self.pos(at),
                "nested items are only allowed under `object { … }`, a union of type names or a \
                 type name",
            )
            .with_help("remove the nested items, or change the type they belong to"),
        );
        self.skim(children);
    }

    fn check_object_summary(
        &mut self,
        names: &[(String, usize)],
        more: Option<More>,
        start: usize,
        fields: &[Field],
    ) {
        let listed = names.len() + more.map_or(0, |m| m.count);
        if listed != fields.len() {
            let defined: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            self.error(
                Diagnostic::new(
                    self.pos(start),
                    format!(
                        "object summary lists {} but {} defined below it",
                        count(listed, "field", "fields"),
                        count(fields.len(), "is", "are"),
                    ),
                )
                .with_help(format!("the fields defined are: {}", defined.join(", "))),
            );
            return;
        }
        for (i, ((name, at), field)) in names.iter().zip(fields).enumerate() {
            if *name != field.name {
                let n = i + 1;
                self.error(
                    Diagnostic::new(
                        self.pos(*at),
                        format!(
                            "object summary lists `{name}` as field {n} but field {n} is `{}`",
                            field.name
                        ),
                    )
                    .with_related(field.pos, format!("field {n} is defined here")),
                );
                return;
            }
        }
    }

    fn check_union_summary(
        &mut self,
        names: &[(String, usize)],
        more: Option<More>,
        start: usize,
        members: &[(String, Pos)],
    ) {
        let listed = names.len() + more.map_or(0, |m| m.count);
        if listed != members.len() {
            let defined: Vec<String> = members
                .iter()
                .map(|(name, _)| naming::camel_case(name))
                .collect();
            self.error(
                Diagnostic::new(
                    self.pos(start),
                    format!(
                        "union summary lists {} but {} defined below it",
                        count(listed, "member", "members"),
                        count(members.len(), "is", "are"),
                    ),
                )
                .with_help(format!("the members defined are: {}", defined.join(", "))),
            );
            return;
        }
        for (i, ((name, at), (member, pos))) in names.iter().zip(members).enumerate() {
            let camel = naming::camel_case(member);
            if *name != camel {
                let n = i + 1;
                self.error(
                    Diagnostic::new(
                        self.pos(*at),
                        format!(
                            "union summary lists `{name}` as member {n} but member {n} is \
                             `{camel}` (`{member}`)"
                        ),
                    )
                    .with_related(*pos, format!("member {n} is defined here")),
                );
                return;
            }
        }
    }
}

/// `3 fields`, `1 field`; with `is`/`are` as the words: `1 is`, `2 are`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `text` on one line, cut to a readable length.
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX {
        let cut: String = one_line.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn ty(src: &str) -> Result<Expr, SyntaxError> {
        parse_type(src, 0)
    }

    fn reference(name: &str, start: usize) -> Expr {
        Expr::Ref {
            name: name.into(),
            start,
        }
    }

    #[test]
    fn primitives_and_literals() {
        assert_eq!(ty("string"), Ok(Expr::Type(Type::String)));
        assert_eq!(ty(" number "), Ok(Expr::Type(Type::Number)));
        assert_eq!(ty("integer"), Ok(Expr::Type(Type::Integer)));
        assert_eq!(ty("boolean"), Ok(Expr::Type(Type::Boolean)));
        assert_eq!(
            ty(r#""session.created""#),
            Ok(Expr::Type(Type::Literal {
                value: "session.created".into()
            }))
        );
        assert_eq!(
            ty(r#""say \"hi\"""#),
            Ok(Expr::Type(Type::Literal {
                value: "say \"hi\"".into()
            }))
        );
    }

    #[test]
    fn wrappers_and_references() {
        assert_eq!(
            ty("optional array of map[BetaFoo]"),
            Ok(Expr::Optional(Box::new(Expr::Array(Box::new(Expr::Map(
                Box::new(reference("BetaFoo", 22))
            ))))))
        );
    }

    #[test]
    fn or_binds_loosest_and_optional_members_make_the_union_optional() {
        assert_eq!(
            ty("array of string or number"),
            Ok(Expr::Union {
                members: vec![
                    Expr::Array(Box::new(Expr::Type(Type::String))),
                    Expr::Type(Type::Number)
                ],
                more: None,
                start: 0,
            })
        );
        assert_eq!(
            ty("optional string or number"),
            Ok(Expr::Optional(Box::new(Expr::Union {
                members: vec![Expr::Type(Type::String), Expr::Type(Type::Number)],
                more: None,
                start: 0,
            })))
        );
        assert_eq!(
            ty(r#""a" or "b""#),
            Ok(Expr::Union {
                members: vec![
                    Expr::Type(Type::Literal { value: "a".into() }),
                    Expr::Type(Type::Literal { value: "b".into() })
                ],
                more: None,
                start: 0,
            })
        );
    }

    #[test]
    fn summaries() {
        assert_eq!(
            ty("object { id, type, 2 more }"),
            Ok(Expr::Object {
                names: vec![("id".into(), 9), ("type".into(), 13)],
                more: Some(More {
                    count: 2,
                    start: 19
                }),
                start: 0,
            })
        );
        assert_eq!(
            ty("object {}"),
            Ok(Expr::Object {
                names: vec![],
                more: None,
                start: 0
            })
        );
        assert_eq!(
            ty("A or B or 19 more"),
            Ok(Expr::Union {
                members: vec![reference("A", 0), reference("B", 5)],
                more: Some(More {
                    count: 19,
                    start: 10
                }),
                start: 0,
            })
        );
    }

    #[test]
    fn syntax_errors_point_at_the_problem() {
        let error = ty("strng").unwrap_err();
        assert_eq!(
            (error.offset, error.message.as_str(), error.help.as_deref()),
            (0, "unknown type `strng`", Some("did you mean `string`?"))
        );
        let error = ty("list<string>").unwrap_err();
        assert_eq!(error.message, "unknown type `list`");
        assert_eq!(
            error.help.as_deref(),
            Some("write `array of T` for a list of values")
        );
        let error = ty("array string").unwrap_err();
        assert_eq!(
            (error.offset, error.message.as_str()),
            (6, "expected `of` after `array`")
        );
        let error = ty("string number").unwrap_err();
        assert_eq!(
            (error.offset, error.message.as_str()),
            (7, "expected `or` or the end of the type, found `number`")
        );
        let error = ty("A or 2 more or B").unwrap_err();
        assert_eq!(error.message, "`2 more` must come last in a union");
        let error = ty(r#""open"#).unwrap_err();
        assert_eq!(
            (error.offset, error.message.as_str()),
            (0, "unterminated string literal")
        );
        let error = ty("object { a, ").unwrap_err();
        assert_eq!(error.message, "missing `}` to close `object {`");
        let error = ty("map[string").unwrap_err();
        assert_eq!(error.message, "expected `]` to close `map[`");
        let error = ty("String").unwrap_err();
        assert_eq!(error.help.as_deref(), Some("did you mean `string`?"));
        let error = ty("beta_event").unwrap_err();
        assert_eq!(
            error.help.as_deref(),
            Some("references to other types are written in CamelCase: `BetaEvent`")
        );
        let error = ty("   ").unwrap_err();
        assert_eq!(error.message, "missing type after `:`");
        let error = ty("optional").unwrap_err();
        assert_eq!(
            (error.offset, error.message.as_str()),
            (8, "expected a type after `optional`")
        );
        let deep = "optional ".repeat(100) + "string";
        assert!(ty(&deep).unwrap_err().message.contains("nested more than"));
    }

    #[test]
    fn reads_a_small_spec() {
        let text = "# T\n\n### Thing\n\nA thing.\n\n- `thing: object { id, kind }`\n  - `id: string`\n    The id.\n  - `kind: \"a\" or \"b\"`\n";
        let (spec, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(spec.title.as_deref(), Some("T"));
        let thing = &spec.types[0];
        assert_eq!(thing.name, "thing");
        assert_eq!(thing.section.as_deref(), Some("Thing"));
        assert_eq!(thing.description.as_deref(), Some("A thing."));
        assert_eq!(thing.pos, Pos::new(7, 4));
        let Type::Object(object) = &thing.ty else {
            panic!("not an object: {:?}", thing.ty)
        };
        assert_eq!(object.fields[0].description.as_deref(), Some("The id."));
        assert_eq!(object.fields[0].pos, Pos::new(8, 6));
        assert_eq!(
            object.fields[1].ty,
            Type::Union(UnionType {
                members: vec![
                    Type::Literal { value: "a".into() },
                    Type::Literal { value: "b".into() }
                ],
                discriminator: None
            })
        );
    }

    #[test]
    fn a_reference_with_nested_items_defines_the_referenced_type() {
        let text =
            "### U\n\n- `u: object { usage }`\n  - `usage: BetaUsage`\n    - `tokens: integer`\n";
        let (spec, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["u", "beta_usage"]);
        assert_eq!(
            spec.types[1].ty,
            Type::Object(ObjectType {
                fields: vec![Field::new("tokens", Type::Integer, Pos::new(5, 8))]
            })
        );
    }

    #[test]
    fn mutated_seed_never_panics_and_positions_stay_inside() {
        let seed = include_str!("../../spec/webhooks.md");
        let base: String = seed.chars().take(4000).collect();
        let pieces = [
            "`",
            "``",
            ":",
            " or ",
            "{",
            "}",
            "[",
            "]",
            ",",
            "\"",
            "\n",
            "\n\n",
            "  ",
            "- ",
            "* ",
            "1. ",
            "> ",
            "#",
            "### ",
            "\t",
            "é",
            "\u{1F600}",
            "object",
            "2 more",
            "optional ",
            "map[",
            "array of ",
            "\\",
            "    ",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % (bound.max(1) as u64)).unwrap_or(0)
        };
        for _ in 0..300 {
            let mut text = base.clone();
            for _ in 0..1 + next(8) {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(2) == 0 {
                    text.insert_str(at, pieces[next(pieces.len())]);
                } else {
                    let mut end = (at + 1 + next(20)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                }
            }
            let lines = u32::try_from(text.lines().count() + 1).unwrap_or(u32::MAX);
            let (spec, mut problems) = parse(&text);
            let (_, more) = crate::validate::validate(spec);
            problems.extend(more);
            for problem in &problems {
                assert!(
                    problem.pos.line >= 1 && problem.pos.line <= lines && problem.pos.column >= 1,
                    "{problem:?} outside {text:?}"
                );
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            "",
            "`",
            "- ``",
            "- `:`",
            "- `a:`",
            "- ` a : object { `",
            "- `é: \"\\`",
            "### \n",
            "- - - - `a: b`",
            "> - `a: string`",
            "- `a: object { b }`\n\n  ```\n  code\n  ```\n",
            "- `a: A or 99999999999999999999999999 more`",
            "- `a: object { b, 1 more }`\n  - x\n  - `c: string`",
            "\u{0}\u{FEFF}- `\u{1F600}: \u{1F600}`",
        ];
        for input in inputs {
            let _ = parse(input);
        }
        let deep: String = (0..200)
            .map(|i| format!("{}- `a{i}: object {{ b }}`\n", "  ".repeat(i)))
            .collect();
        let (_, problems) = parse(&deep);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("nested more than"))
        );
        let deep_quotes = ">".repeat(10_000) + " x";
        let _ = parse(&deep_quotes);
    }
}
