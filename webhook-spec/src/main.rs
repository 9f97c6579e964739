//! `webhook-spec`: check and inspect the webhook spec from the command line.
//!
//! ```text
//! webhook-spec check  [SPEC]   validate the spec; print its types and event kinds
//! webhook-spec events [SPEC]   table of event kinds: tag, Rust struct, fields
//! webhook-spec json   [SPEC]   the validated model as pretty JSON (the JSON spec form)
//! webhook-spec diff OLD NEW [--allow-breaking]
//!                              what changed between two specs, marked BREAKING or ok
//! ```
//!
//! `SPEC` is a Markdown file (the API reference page) or, if it ends in `.json`, the JSON form
//! of the model (what `webhook-spec json` prints). Without `SPEC`, the tool uses
//! `spec/webhooks.md` in the current directory or in the nearest ancestor that has one, so
//! `cargo run -p webhook-spec -- check` works anywhere in the workspace.
//!
//! Invalid specs are reported like rustc errors (`error: …`, `--> file:line:col`, the source
//! line and a caret) on stderr.
//!
//! Exit status: `0` on success, `1` when the spec is invalid, `2` on usage errors or when the
//! spec file cannot be found or read. `diff` differs: `0` when no change is breaking (or with
//! `--allow-breaking`), `1` when one is, `2` when either spec cannot be read or is invalid.

use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use webhook_spec::model::{Tag, UnionType};
use webhook_spec::{Diagnostics, ReadError, Spec, Type, naming};

const EXIT_STATUS: &str = "\
Exit status:
  0  success
  1  the spec is invalid (diagnostics are printed on stderr)
  2  usage error, or the spec file cannot be found or read
`diff` exits 0 when no change is breaking, 1 when one is, 2 when a spec cannot be read or is
invalid";

const DIFF_EXIT_STATUS: &str = "\
Exit status:
  0  no breaking change (or --allow-breaking)
  1  at least one change is breaking
  2  usage error, or a spec cannot be read or is invalid (diagnostics on stderr)";

/// Check and inspect the Anthropic webhook spec ("Webhooks → Domain Types").
#[derive(Debug, Parser)]
#[command(name = "webhook-spec", version, after_help = EXIT_STATUS)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the spec and summarize it: types and event kinds.
    Check(SpecArg),
    /// Print a table of the event kinds: tag, Rust struct, fields.
    Events(SpecArg),
    /// Print the validated model as pretty JSON (readable back as a `.json` spec).
    Json(SpecArg),
    /// Print the Rust code `generate!` expands to for this spec, pretty-printed.
    Expand(SpecArg),
    /// Compare two specs: every change, marked BREAKING or ok, with its `file:line:col`.
    ///
    /// Run it before committing a spec update. A change is breaking when receivers built from
    /// OLD may reject payloads sent under NEW, or when code written against the types of OLD
    /// stops compiling against those of NEW. Added kinds are not breaking (they parse as
    /// `Unknown`) but are noted: they break `#[webhook_handler(exhaustive)]` handlers.
    #[command(after_help = DIFF_EXIT_STATUS)]
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The spec before the update (Markdown, or JSON if it ends in `.json`).
    old: PathBuf,
    /// The spec after the update.
    new: PathBuf,
    /// Exit 0 even when a change is breaking (the report still marks it).
    #[arg(long)]
    allow_breaking: bool,
}

#[derive(Debug, Args)]
struct SpecArg {
    /// The spec file: Markdown, or JSON if it ends in `.json` [default: spec/webhooks.md in
    /// the current directory or the nearest ancestor directory that has one]
    spec: Option<PathBuf>,
}

/// Why a command failed; decides the exit status.
enum Failure {
    /// The spec is invalid: exit 1.
    Invalid(Diagnostics),
    /// The spec cannot be found or read, or output failed: exit 2.
    Io(String),
    /// Already reported; exit with this status.
    Exit(u8),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(diagnostics)) => {
            let _ = writeln!(std::io::stderr(), "{diagnostics}");
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Exit(code)) => ExitCode::from(code),
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Check(arg) => {
            let (spec, display) = load(arg, "check")?;
            emit(&summary(&spec, &display))
        }
        Command::Events(arg) => {
            let (spec, _) = load(arg, "events")?;
            match events_table(&spec) {
                Some(table) => emit(&table),
                None => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "note: the spec has no discriminated union, so no event kinds"
                    );
                    Ok(())
                }
            }
        }
        Command::Json(arg) => {
            let (spec, _) = load(arg, "json")?;
            let json = serde_json::to_string_pretty(&spec)
                .map_err(|e| Failure::Io(format!("cannot serialize the model: {e}")))?;
            emit(&format!("{json}\n"))
        }
        Command::Expand(arg) => {
            let (spec, display) = load(arg, "expand")?;
            let options = webhook_spec::codegen::Options {
                spec_name: display,
                ..Default::default()
            };
            emit(&webhook_spec::codegen::expand(&spec, &options))
        }
        Command::Diff(args) => diff(&args),
    }
}

/// `diff OLD NEW`: prints the report; fails with 1 on a breaking change (unless allowed) and
/// with 2 when a spec cannot be read or is invalid (after printing why, for both specs).
fn diff(args: &DiffArgs) -> Result<(), Failure> {
    let read = |path: &Path| {
        let display = path.display().to_string();
        let result = webhook_spec::read_file(path, &display);
        if let Err(error) = &result {
            let _ = match error {
                ReadError::Invalid(diagnostics) => writeln!(std::io::stderr(), "{diagnostics}"),
                ReadError::Io { .. } => writeln!(std::io::stderr(), "error: {error}"),
            };
        }
        result.ok().map(|spec| (spec, display))
    };
    let (old, new) = (read(&args.old), read(&args.new));
    let (Some((old, old_name)), Some((new, new_name))) = (old, new) else {
        return Err(Failure::Exit(2));
    };
    let report = webhook_spec::diff::diff(&old, &new);
    emit(&report.render(&old_name, &new_name))?;
    if report.is_breaking() && !args.allow_breaking {
        return Err(Failure::Exit(1));
    }
    Ok(())
}

/// Finds, reads and validates the spec; returns it with the name used for it in messages.
fn load(arg: SpecArg, command: &str) -> Result<(Spec, String), Failure> {
    let (path, display) = match arg.spec {
        Some(path) => {
            let display = path.display().to_string();
            (path, display)
        }
        None => find_default_spec(command)?,
    };
    match webhook_spec::read_file(&path, &display) {
        Ok(spec) => Ok((spec, display)),
        Err(ReadError::Invalid(diagnostics)) => Err(Failure::Invalid(diagnostics)),
        Err(error @ ReadError::Io { .. }) => Err(Failure::Io(error.to_string())),
    }
}

/// `spec/webhooks.md` in the current directory or its nearest ancestor that has one, with a
/// display name relative to the current directory (`spec/webhooks.md`, `../spec/webhooks.md`).
fn find_default_spec(command: &str) -> Result<(PathBuf, String), Failure> {
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::Io(format!("cannot determine the current directory: {e}")))?;
    let relative = Path::new("spec").join("webhooks.md");
    for (levels, dir) in cwd.ancestors().enumerate() {
        let candidate = dir.join(&relative);
        if candidate.is_file() {
            let mut display = PathBuf::new();
            (0..levels).for_each(|_| display.push(".."));
            display.push(&relative);
            return Ok((candidate, display.display().to_string()));
        }
    }
    Err(Failure::Io(format!(
        "no `{}` in `{}` or any parent directory\n  = help: pass the spec file: webhook-spec {command} PATH",
        relative.display(),
        cwd.display()
    )))
}

/// Writes `text` to stdout. A closed pipe (`webhook-spec json | head`) is not an error.
fn emit(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Io(format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}

/// A discriminated union found in the spec, with where it is.
struct Found<'a> {
    /// `beta_webhook_event_data` for a named union, `beta_webhook_event.data` for a field's.
    path: String,
    /// Whether it is a named definition (rather than a field's type).
    named: bool,
    union: &'a UnionType,
}

impl Found<'_> {
    fn tags(&self) -> &[Tag] {
        self.union
            .discriminator
            .as_ref()
            .map_or(&[], |d| d.tags.as_slice())
    }

    fn field(&self) -> &str {
        self.union
            .discriminator
            .as_ref()
            .map_or("", |d| d.field.as_str())
    }
}

/// Every discriminated union, named ones and those used as (nested) field types, in spec order.
fn discriminated_unions(spec: &Spec) -> Vec<Found<'_>> {
    fn walk<'a>(ty: &'a Type, path: &str, named: bool, out: &mut Vec<Found<'a>>) {
        match ty {
            Type::Union(union) => {
                if union.discriminator.is_some() {
                    out.push(Found {
                        path: path.to_string(),
                        named,
                        union,
                    });
                }
                for (i, member) in union.members.iter().enumerate() {
                    walk(member, &format!("{path}[{i}]"), false, out);
                }
            }
            Type::Object(object) => {
                for field in &object.fields {
                    walk(&field.ty, &format!("{path}.{}", field.name), false, out);
                }
            }
            Type::Optional { of } | Type::Array { of } | Type::Map { of } => {
                walk(of, path, false, out);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for def in &spec.types {
        walk(&def.ty, &def.name, true, &mut out);
    }
    out
}

/// The union whose tags are the spec's event kinds: the first named one, else the first.
fn event_union<'a>(unions: &'a [Found<'a>]) -> Option<&'a Found<'a>> {
    unions.iter().find(|u| u.named).or_else(|| unions.first())
}

/// What `check` prints.
fn summary(spec: &Spec, display: &str) -> String {
    let types = spec.types.len();
    let mut out = format!(
        "{display}: ok, {types} type{}\n",
        if types == 1 { "" } else { "s" }
    );
    let unions = discriminated_unions(spec);
    if unions.is_empty() {
        out.push_str("no discriminated union, so no event kinds\n");
        return out;
    }
    // Unions with the same kinds (the named event union and the fields typed with it) are
    // listed once, under the named one if there is one.
    let mut order: Vec<&Found<'_>> = unions.iter().filter(|u| u.named).collect();
    order.extend(unions.iter().filter(|u| !u.named));
    let mut shown: Vec<&[Tag]> = Vec::new();
    for found in order {
        let tags = found.tags();
        if shown.contains(&tags) {
            continue;
        }
        shown.push(tags);
        let name = if found.named {
            format!("`{}` ({})", found.path, naming::type_ident(&found.path))
        } else {
            format!("`{}`", found.path)
        };
        out.push_str(&format!(
            "\ndiscriminated union {name}, tagged by `{}`: {} kind{}\n",
            found.field(),
            tags.len(),
            if tags.len() == 1 { "" } else { "s" },
        ));
        let width = tags
            .iter()
            .map(|t| t.value.chars().count())
            .max()
            .unwrap_or(0);
        for tag in tags {
            out.push_str(&format!(
                "  {:width$}  → {}\n",
                tag.value,
                naming::type_ident(&tag.member)
            ));
        }
        let same: Vec<&str> = unions
            .iter()
            .filter(|other| other.tags() == tags && !std::ptr::eq(*other, found))
            .map(|other| other.path.as_str())
            .collect();
        if !same.is_empty() {
            out.push_str(&format!("  (same kinds: {})\n", same.join(", ")));
        }
    }
    out
}

/// What `events` prints: one row per event kind, `None` without a discriminated union.
fn events_table(spec: &Spec) -> Option<String> {
    let unions = discriminated_unions(spec);
    let found = event_union(&unions)?;
    let mut rows = vec![[
        "KIND".to_string(),
        "STRUCT".to_string(),
        "FIELDS".to_string(),
    ]];
    for (i, tag) in found.tags().iter().enumerate() {
        let object = found
            .union
            .members
            .get(i)
            .and_then(|member| spec.object_of(member))
            .or_else(|| spec.object_of(&spec.get(&tag.member)?.ty));
        let fields = object.map_or_else(String::new, |o| {
            o.fields
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        });
        rows.push([tag.value.clone(), naming::type_ident(&tag.member), fields]);
    }
    let width = |column: usize| {
        rows.iter()
            .map(|row| row[column].chars().count())
            .max()
            .unwrap_or(0)
    };
    let (kind_width, struct_width) = (width(0), width(1));
    let mut out = String::new();
    for [kind, name, fields] in &rows {
        let line = format!("{kind:kind_width$}  {name:struct_width$}  {fields}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Some(out)
}
