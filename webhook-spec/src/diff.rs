//! Comparing two specs: what changed between them, and whether it breaks consumers.
//!
//! [`diff`] compares an old and a new validated [`Spec`] and returns a [`Report`] of
//! [`Change`]s, each marked [`Severity::Breaking`] or [`Severity::Compatible`] and explained.
//! `webhook-spec diff OLD NEW` prints [`Report::render`] and fails when [`Report::is_breaking`].
//!
//! # Who is affected
//!
//! A change is judged from two sides, and is **breaking** when it breaks either:
//!
//! - *receivers*: code generated from the old spec, already deployed, receiving the payloads the
//!   API sends under the new spec;
//! - *code*: code written against the old types, compiled against types regenerated from the new
//!   spec (handlers, `match`es, field accesses).
//!
//! Two effects are deliberately *not* counted as breaking and are only noted on the change:
//! building generated structs with struct literals (adding any field breaks those; receivers
//! parse structs, they do not build them), and `#[webhook_handler(exhaustive)]` handlers and
//! `match`es without a `_` arm (an added kind breaks those; that is what opting into
//! `exhaustive` asks for). [`Change::breaks_exhaustive`] flags the latter.
//!
//! # Rules
//!
//! | change | severity |
//! |---|---|
//! | event kind removed | breaking (variant, struct and `on_…` method go away) |
//! | event kind added | compatible (old receivers parse it as `Unknown`); breaks `exhaustive` handlers |
//! | event kind now parsed into a differently named struct | breaking |
//! | type removed | breaking |
//! | type added | compatible |
//! | type changed (object ↔ union ↔ …, another referenced type, another literal) | breaking |
//! | type stops being an alias of an identical type (`same_as`) | breaking (two distinct Rust types now) |
//! | type becomes an alias of an identical type | compatible |
//! | field removed | breaking |
//! | field added, optional or required | compatible; breaks struct literals |
//! | field type changed | breaking |
//! | field optional → required | breaking (`Option<T>` becomes `T`) |
//! | field required → optional | breaking (payloads may omit it; `T` becomes `Option<T>`) |
//! | field description gains or loses "RFC 3339" | breaking (`String` ↔ `jiff::Timestamp`) |
//! | description changed | compatible (documentation only) |
//! | tag added to another discriminated union | compatible; breaks `exhaustive` handlers |
//! | tag removed from another discriminated union | breaking |
//! | value or member added to a plain union (`"a" or "b"`) | breaking (its enum has no fallback) |
//! | value or member removed from a plain union | breaking |
//!
//! # How things are matched
//!
//! Event kinds ([`Spec::event_tags`]) are matched by tag; a kind's struct is reported with the
//! kind, not again as a removed or added type. A removed and an added kind whose structs have
//! the same fields and types (the tag aside) get a "possibly renamed" note; so do a removed and
//! an added type of identical shape. Other types are matched by name, fields by name (field
//! order does not matter), tags of discriminated unions by value, values of literal unions by
//! value and other union members by shape. A discriminated union holding the event kinds is not
//! reported again where it appears as a field's type.
//!
//! Positions point into the new spec for added and changed items and into the old spec for
//! removed ones ([`Change::side`]).

use crate::model::{Field, ObjectType, Pos, Spec, Type, TypeDef, UnionType};
use crate::naming;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Types nested deeper than this are compared as a whole (the readers nest far less).
const MAX_DEPTH: usize = 64;

/// Longest type description shown in a message, in characters.
const MAX_DESCRIBE: usize = 120;

/// Whether a change breaks consumers. See the [module docs](self) for who counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Receivers built from the old spec keep working and code written against the old types
    /// keeps compiling (apart from what the change's notes say).
    Compatible,
    /// Receivers built from the old spec may reject new payloads, or code written against the
    /// old types stops compiling against the new ones.
    Breaking,
}

/// The part of the report a change is listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Event kinds: the tags of the spec's event union.
    Kinds,
    /// Named types: added, removed, changed as a whole, their descriptions and union members.
    Types,
    /// Fields of objects, named or inline.
    Fields,
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// An event kind (tag of the event union) was added.
    KindAdded,
    /// An event kind was removed.
    KindRemoved,
    /// An event kind is now parsed into a differently named struct.
    KindMemberChanged,
    /// A named type was added.
    TypeAdded,
    /// A named type was removed.
    TypeRemoved,
    /// A type changed as a whole (another kind of type, another reference, another literal,
    /// another discriminator).
    TypeChanged,
    /// A type became, or stopped being, an alias of another definition of identical shape.
    AliasChanged,
    /// A field was added to an object.
    FieldAdded,
    /// A field was removed from an object.
    FieldRemoved,
    /// A field's type changed.
    FieldTypeChanged,
    /// An optional field became required.
    FieldNowRequired,
    /// A required field became optional.
    FieldNowOptional,
    /// A member (tag, literal value or type) was added to a union other than the event union.
    UnionMemberAdded,
    /// A member was removed from a union other than the event union.
    UnionMemberRemoved,
    /// The prose describing a type or field changed.
    DescriptionChanged,
}

/// Which spec a change's position points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The old spec (for removed items).
    Old,
    /// The new spec (for added and changed items).
    New,
}

/// One difference between the old and the new spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// Whether it breaks consumers.
    pub severity: Severity,
    /// Whether it breaks `#[webhook_handler(exhaustive)]` handlers (and `match`es without a
    /// `_` arm): true for added kinds, which are otherwise compatible.
    pub breaks_exhaustive: bool,
    /// The part of the report it belongs to.
    pub group: Group,
    /// The item changed: a tag (`session.created`), a type name (`beta_webhook_event`) or a
    /// field path (`beta_webhook_event.data`, `a.items[]`, `a.map{}`, `a.data[tag]`).
    pub subject: String,
    /// One line saying what changed.
    pub summary: String,
    /// What it means for consumers.
    pub explanation: String,
    /// Extra remarks ("possibly renamed from …", what breaks `exhaustive` handlers, …).
    pub notes: Vec<String>,
    /// Which spec [`pos`](Self::pos) points into.
    pub side: Side,
    /// Where the item is (`0:0` when unknown).
    pub pos: Pos,
}

impl Change {
    /// Whether the change is [`Severity::Breaking`].
    pub fn is_breaking(&self) -> bool {
        self.severity == Severity::Breaking
    }
}

/// Every difference between two specs, kinds first, then types and fields in spec order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether the specs say the same thing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }

    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.is_breaking())
    }

    /// Whether any change breaks `#[webhook_handler(exhaustive)]` handlers.
    pub fn breaks_exhaustive(&self) -> bool {
        self.changes.iter().any(|c| c.breaks_exhaustive)
    }

    /// The report for people: changes grouped (event kinds, types, fields), one line each
    /// marked `BREAKING` or `ok` with `file:line:col` (`old_name` and `new_name` name the
    /// specs), then the explanation and notes, and a last summary line
    /// (`3 changes, 1 breaking`). Without changes, a single line saying so.
    pub fn render(&self, old_name: &str, new_name: &str) -> String {
        if self.is_empty() {
            return format!(
                "no changes: `{old_name}` and `{new_name}` describe the same webhook types\n"
            );
        }
        let mut out = format!("changes from `{old_name}` to `{new_name}`:\n");
        for (group, title) in [
            (Group::Kinds, "event kinds"),
            (Group::Types, "types"),
            (Group::Fields, "fields"),
        ] {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.group == group).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{title}:");
            for change in changes {
                let marker = if change.is_breaking() {
                    "BREAKING"
                } else {
                    "ok"
                };
                let file = match change.side {
                    Side::Old => old_name,
                    Side::New => new_name,
                };
                let location = if change.pos.is_known() {
                    format!("{file}:{}", change.pos)
                } else {
                    file.to_string()
                };
                let _ = writeln!(out, "  {marker:<8}  {location}: {}", change.summary);
                let _ = writeln!(out, "            {}", change.explanation);
                for note in &change.notes {
                    let _ = writeln!(out, "            note: {note}");
                }
            }
        }
        let total = self.changes.len();
        let breaking = self.breaking().count();
        let _ = write!(
            out,
            "\n{total} change{}, {breaking} breaking",
            if total == 1 { "" } else { "s" }
        );
        let exhaustive = self.changes.iter().filter(|c| c.breaks_exhaustive).count();
        if exhaustive > 0 {
            let _ = write!(
                out,
                "; {exhaustive} break{} `exhaustive` handlers",
                if exhaustive == 1 { "s" } else { "" }
            );
        }
        out.push('\n');
        out
    }
}

/// Compares two validated specs. Never panics, whatever the specs hold.
pub fn diff(old: &Spec, new: &Spec) -> Report {
    let mut differ = Differ::new(old, new);
    differ.kinds();
    differ.types();
    Report {
        changes: differ.changes,
    }
}

/// Where in the specs a comparison is.
#[derive(Clone)]
struct Place {
    /// The subject path (`type`, `type.field`, `type.field[]`).
    path: String,
    /// The group changes found here go to.
    group: Group,
    /// Position in the new spec (added and changed items).
    pos: Pos,
    /// Position in the old spec (removed items).
    old_pos: Pos,
}

impl Place {
    fn child(&self, suffix: &str) -> Place {
        Place {
            path: format!("{}{suffix}", self.path),
            ..self.clone()
        }
    }
}

/// A change as found, before it becomes a [`Change`].
struct Found {
    kind: ChangeKind,
    severity: Severity,
    group: Group,
    subject: String,
    summary: String,
    explanation: String,
    side: Side,
    pos: Pos,
}

struct Differ<'a> {
    old: &'a Spec,
    new: &'a Spec,
    old_index: BTreeMap<&'a str, &'a TypeDef>,
    new_index: BTreeMap<&'a str, &'a TypeDef>,
    /// Event-kind struct name → tag, in each spec.
    old_members: BTreeMap<&'a str, &'a str>,
    new_members: BTreeMap<&'a str, &'a str>,
    /// The event union's discriminator field, in each spec.
    old_tag_field: Option<&'a str>,
    new_tag_field: Option<&'a str>,
    /// Tags the kinds group reports, so unions holding them do not repeat them.
    kinds_removed: BTreeSet<&'a str>,
    kinds_added: BTreeSet<&'a str>,
    kinds_rebound: BTreeSet<&'a str>,
    /// Types whose removal (old) or addition (new) a kind change reports.
    covered_old: BTreeSet<&'a str>,
    covered_new: BTreeSet<&'a str>,
    changes: Vec<Change>,
}

impl<'a> Differ<'a> {
    fn new(old: &'a Spec, new: &'a Spec) -> Self {
        Differ {
            old,
            new,
            old_index: index(old),
            new_index: index(new),
            old_members: members(old),
            new_members: members(new),
            old_tag_field: event_tag_field(old),
            new_tag_field: event_tag_field(new),
            kinds_removed: BTreeSet::new(),
            kinds_added: BTreeSet::new(),
            kinds_rebound: BTreeSet::new(),
            covered_old: BTreeSet::new(),
            covered_new: BTreeSet::new(),
            changes: Vec::new(),
        }
    }

    fn push(&mut self, found: Found) -> &mut Change {
        self.changes.push(Change {
            kind: found.kind,
            severity: found.severity,
            breaks_exhaustive: false,
            group: found.group,
            subject: found.subject,
            summary: found.summary,
            explanation: found.explanation,
            notes: Vec::new(),
            side: found.side,
            pos: found.pos,
        });
        let last = self.changes.len() - 1;
        &mut self.changes[last]
    }

    // --- event kinds ---------------------------------------------------------------------

    fn kinds(&mut self) {
        let old_tags = self.old.event_tags();
        let new_tags = self.new.event_tags();
        let mut old_by_tag: BTreeMap<&'a str, &'a str> = BTreeMap::new();
        for tag in &old_tags {
            old_by_tag.entry(&tag.value).or_insert(&tag.member);
        }
        let mut new_by_tag: BTreeMap<&'a str, &'a str> = BTreeMap::new();
        for tag in &new_tags {
            new_by_tag.entry(&tag.value).or_insert(&tag.member);
        }

        let mut removed: Vec<(&'a str, &'a str)> = Vec::new();
        let mut rebound: Vec<(&'a str, &'a str, &'a str)> = Vec::new();
        let mut seen = BTreeSet::new();
        for tag in &old_tags {
            if !seen.insert(tag.value.as_str()) {
                continue;
            }
            match new_by_tag.get(tag.value.as_str()) {
                None => removed.push((&tag.value, &tag.member)),
                Some(member) if *member != tag.member => {
                    rebound.push((&tag.value, &tag.member, member));
                }
                Some(_) => {}
            }
        }
        let mut added: Vec<(&'a str, &'a str)> = Vec::new();
        let mut seen = BTreeSet::new();
        for tag in &new_tags {
            if seen.insert(tag.value.as_str()) && !old_by_tag.contains_key(tag.value.as_str()) {
                added.push((&tag.value, &tag.member));
            }
        }

        // Kinds whose structs have the same shape, the tag aside: possibly renamed.
        let tag_field = self.old_tag_field.or(self.new_tag_field);
        let similar = |old_member: &str, new_member: &str| -> bool {
            match (
                self.old_index.get(old_member),
                self.new_index.get(new_member),
            ) {
                (Some(o), Some(n)) => same_shape(&o.ty, &n.ty, tag_field, 0),
                _ => false,
            }
        };
        let renamed_to: Vec<Vec<&'a str>> = removed
            .iter()
            .map(|(_, om)| {
                added
                    .iter()
                    .filter(|(_, nm)| similar(om, nm))
                    .map(|(t, _)| *t)
                    .collect()
            })
            .collect();
        let renamed_from: Vec<Vec<&'a str>> = added
            .iter()
            .map(|(_, nm)| {
                removed
                    .iter()
                    .filter(|(_, om)| similar(om, nm))
                    .map(|(t, _)| *t)
                    .collect()
            })
            .collect();

        for ((tag, member), to) in removed.iter().zip(renamed_to) {
            self.kinds_removed.insert(tag);
            if !self.new_index.contains_key(member) {
                self.covered_old.insert(member);
            }
            let pos = self
                .old_index
                .get(member)
                .map_or_else(Pos::default, |d| d.pos);
            let ty = naming::type_ident(member);
            let change = self.push(Found {
                kind: ChangeKind::KindRemoved,
                severity: Severity::Breaking,
                group: Group::Kinds,
                subject: (*tag).to_string(),
                summary: format!("kind `{tag}` removed (struct `{ty}`)"),
                explanation: format!(
                    "the variant `{}` and the struct go away: handlers with `{}` and code \
                     naming them stop compiling; receivers built from the new spec parse any \
                     `{tag}` events as `Unknown`",
                    naming::variant_name(tag),
                    naming::handler_name(tag),
                ),
                side: Side::Old,
                pos,
            });
            if let Some(note) = renamed_note("to", &to) {
                change.notes.push(note);
            }
        }
        for ((tag, member), from) in added.iter().zip(renamed_from) {
            self.kinds_added.insert(tag);
            if !self.old_index.contains_key(member) {
                self.covered_new.insert(member);
            }
            let pos = self
                .new_index
                .get(member)
                .map_or_else(Pos::default, |d| d.pos);
            let ty = naming::type_ident(member);
            let handler = naming::handler_name(tag);
            let change = self.push(Found {
                kind: ChangeKind::KindAdded,
                severity: Severity::Compatible,
                group: Group::Kinds,
                subject: (*tag).to_string(),
                summary: format!("kind `{tag}` added (struct `{ty}`)"),
                explanation: format!(
                    "receivers built from the old spec parse `{tag}` events as `Unknown`; \
                     regenerated types get the variant `{}`",
                    naming::variant_name(tag),
                ),
                side: Side::New,
                pos,
            });
            change.breaks_exhaustive = true;
            if let Some(note) = renamed_note("from", &from) {
                change.notes.push(note);
            }
            change.notes.push(format!(
                "breaks `#[webhook_handler(exhaustive)]` handlers (they must add `{handler}`) \
                 and `match`es without a `_` arm"
            ));
        }
        for (tag, old_member, new_member) in rebound {
            self.kinds_rebound.insert(tag);
            let pos = self
                .new_index
                .get(new_member)
                .map_or_else(Pos::default, |d| d.pos);
            self.push(Found {
                kind: ChangeKind::KindMemberChanged,
                severity: Severity::Breaking,
                group: Group::Kinds,
                subject: tag.to_string(),
                summary: format!(
                    "kind `{tag}` is now parsed into `{}` (was `{}`)",
                    naming::type_ident(new_member),
                    naming::type_ident(old_member)
                ),
                explanation: format!(
                    "code naming `{}` (handlers' `{}` parameter) stops compiling",
                    naming::type_ident(old_member),
                    naming::handler_name(tag)
                ),
                side: Side::New,
                pos,
            });
            // A renamed struct: compare its fields here instead of reporting a removed and an
            // added type.
            let old_def = self.old_index.get(old_member).copied();
            let new_def = self.new_index.get(new_member).copied();
            if let (Some(o), Some(n)) = (old_def, new_def)
                && !self.new_index.contains_key(old_member)
                && !self.old_index.contains_key(new_member)
            {
                self.covered_old.insert(old_member);
                self.covered_new.insert(new_member);
                let place = Place {
                    path: new_member.to_string(),
                    group: Group::Types,
                    pos: n.pos,
                    old_pos: o.pos,
                };
                self.compare_type(&place, &o.ty, &n.ty, 0);
            }
        }
    }

    // --- named types ---------------------------------------------------------------------

    fn types(&mut self) {
        let mut removed: Vec<&'a TypeDef> = Vec::new();
        let mut seen = BTreeSet::new();
        for def in &self.old.types {
            if !seen.insert(def.name.as_str()) {
                continue;
            }
            match self.new_index.get(def.name.as_str()).copied() {
                Some(new_def) => self.compare_defs(def, new_def),
                None if self.covered_old.contains(def.name.as_str()) => {}
                None => removed.push(def),
            }
        }
        let mut added: Vec<&'a TypeDef> = Vec::new();
        let mut seen = BTreeSet::new();
        for def in &self.new.types {
            if seen.insert(def.name.as_str())
                && !self.old_index.contains_key(def.name.as_str())
                && !self.covered_new.contains(def.name.as_str())
            {
                added.push(def);
            }
        }
        let similar = |o: &TypeDef, n: &TypeDef| same_shape(&o.ty, &n.ty, None, 0);
        for &def in &removed {
            let to: Vec<&str> = added
                .iter()
                .filter(|n| similar(def, n))
                .map(|n| n.name.as_str())
                .collect();
            let ty = naming::type_ident(&def.name);
            let change = self.push(Found {
                kind: ChangeKind::TypeRemoved,
                severity: Severity::Breaking,
                group: Group::Types,
                subject: def.name.clone(),
                summary: format!("type `{}` removed (`{ty}`)", def.name),
                explanation: format!(
                    "`{ty}` is no longer generated: code naming it stops compiling"
                ),
                side: Side::Old,
                pos: def.pos,
            });
            if let Some(note) = renamed_note("to", &to) {
                change.notes.push(note);
            }
        }
        for &def in &added {
            let from: Vec<&str> = removed
                .iter()
                .filter(|o| similar(o, def))
                .map(|o| o.name.as_str())
                .collect();
            let ty = naming::type_ident(&def.name);
            let change = self.push(Found {
                kind: ChangeKind::TypeAdded,
                severity: Severity::Compatible,
                group: Group::Types,
                subject: def.name.clone(),
                summary: format!("type `{}` added (`{ty}`)", def.name),
                explanation: "a new type; nothing that exists changes".to_string(),
                side: Side::New,
                pos: def.pos,
            });
            if let Some(note) = renamed_note("from", &from) {
                change.notes.push(note);
            }
        }
    }

    fn compare_defs(&mut self, old: &'a TypeDef, new: &'a TypeDef) {
        let name = new.name.as_str();
        let ty = naming::type_ident(name);
        let place = Place {
            path: name.to_string(),
            group: Group::Types,
            pos: new.pos,
            old_pos: old.pos,
        };
        let alias = |target: &str| naming::type_ident(target);
        match (&old.same_as, &new.same_as) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), None) => {
                self.push(Found {
                    kind: ChangeKind::AliasChanged,
                    severity: Severity::Breaking,
                    group: Group::Types,
                    subject: name.to_string(),
                    summary: format!(
                        "`{name}` is no longer an alias of `{a}`: its definition now differs"
                    ),
                    explanation: format!(
                        "`{ty}` becomes its own struct instead of another name for `{}`: code \
                         using one as the other stops compiling",
                        alias(a)
                    ),
                    side: Side::New,
                    pos: new.pos,
                });
            }
            (None, Some(b)) => {
                self.push(Found {
                    kind: ChangeKind::AliasChanged,
                    severity: Severity::Compatible,
                    group: Group::Types,
                    subject: name.to_string(),
                    summary: format!("`{name}` is now an alias of `{b}` (identical definitions)"),
                    explanation: format!(
                        "`{ty}` becomes another name for `{}`, with the same fields",
                        alias(b)
                    ),
                    side: Side::New,
                    pos: new.pos,
                });
            }
            (Some(a), Some(b)) => {
                self.push(Found {
                    kind: ChangeKind::AliasChanged,
                    severity: Severity::Breaking,
                    group: Group::Types,
                    subject: name.to_string(),
                    summary: format!("`{name}` is now an alias of `{b}` (was `{a}`)"),
                    explanation: format!(
                        "`{ty}` is now another name for `{}` instead of `{}`",
                        alias(b),
                        alias(a)
                    ),
                    side: Side::New,
                    pos: new.pos,
                });
            }
            (None, None) => {}
        }
        self.compare_description(
            &place,
            old.description.as_deref(),
            new.description.as_deref(),
        );
        // An alias in both specs is the target's type: its changes are reported there.
        if old.same_as.is_some() && old.same_as == new.same_as {
            return;
        }
        self.compare_type(&place, &old.ty, &new.ty, 0);
    }

    fn compare_description(&mut self, place: &Place, old: Option<&str>, new: Option<&str>) {
        let (old, new) = (normalize(old), normalize(new));
        if old == new {
            return;
        }
        let summary = match (&old, &new) {
            (None, _) => format!("description of `{}` added", place.path),
            (_, None) => format!("description of `{}` removed", place.path),
            _ => format!("description of `{}` changed", place.path),
        };
        self.push(Found {
            kind: ChangeKind::DescriptionChanged,
            severity: Severity::Compatible,
            group: place.group,
            subject: place.path.clone(),
            summary,
            explanation: "documentation only: the generated doc comment changes".to_string(),
            side: Side::New,
            pos: place.pos,
        });
    }

    // --- type expressions ----------------------------------------------------------------

    /// Compares two type expressions at `place`: structure is walked, anything else that
    /// differs is one "type changed".
    fn compare_type(&mut self, place: &Place, old: &'a Type, new: &'a Type, depth: usize) {
        if depth <= MAX_DEPTH {
            match (old, new) {
                (Type::Object(a), Type::Object(b)) => {
                    return self.compare_objects(place, a, b, depth + 1);
                }
                (Type::Union(a), Type::Union(b)) => {
                    return self.compare_unions(place, a, b, depth + 1);
                }
                (Type::Array { of: a }, Type::Array { of: b }) => {
                    return self.compare_type(&place.child("[]"), a, b, depth + 1);
                }
                (Type::Map { of: a }, Type::Map { of: b }) => {
                    return self.compare_type(&place.child("{}"), a, b, depth + 1);
                }
                (Type::Optional { of: a }, Type::Optional { of: b }) => {
                    return self.compare_type(place, a, b, depth + 1);
                }
                _ => {}
            }
        }
        if !same_shape(old, new, None, 0) {
            self.type_changed(place, describe(old), describe(new));
        }
    }

    fn type_changed(&mut self, place: &Place, old: String, new: String) {
        let kind = match place.group {
            Group::Fields => ChangeKind::FieldTypeChanged,
            _ => ChangeKind::TypeChanged,
        };
        self.push(Found {
            kind,
            severity: Severity::Breaking,
            group: place.group,
            subject: place.path.clone(),
            summary: format!("type of `{}` changed: `{old}` → `{new}`", place.path),
            explanation: "receivers built from the old spec may reject new payloads, and the \
                          Rust type changes"
                .to_string(),
            side: Side::New,
            pos: place.pos,
        });
    }

    /// The kind label of a top-level type that is an event kind's struct (` (kind `x`)`).
    fn kind_label(&self, path: &str) -> String {
        match self.new_members.get(path).or(self.old_members.get(path)) {
            Some(tag) => format!(" (kind `{tag}`)"),
            None => String::new(),
        }
    }

    fn compare_objects(
        &mut self,
        place: &Place,
        old: &'a ObjectType,
        new: &'a ObjectType,
        depth: usize,
    ) {
        let owner = place.path.as_str();
        let label = self.kind_label(owner);
        // The tag field of an event kind's struct: a changed tag is a kind change, reported
        // with the kinds.
        let tag_field = match (
            self.old_members.contains_key(owner),
            self.new_members.contains_key(owner),
        ) {
            (false, false) => None,
            (true, _) => self.old_tag_field,
            (false, true) => self.new_tag_field,
        };
        let new_fields = fields_by_name(new);
        let old_fields = fields_by_name(old);
        let mut seen = BTreeSet::new();
        for field in &old.fields {
            if !seen.insert(field.name.as_str()) {
                continue;
            }
            match new_fields.get(field.name.as_str()) {
                Some(new_field) => {
                    self.compare_field(place, &label, field, new_field, tag_field, depth);
                }
                None => {
                    let optional = matches!(field.ty, Type::Optional { .. });
                    self.push(Found {
                        kind: ChangeKind::FieldRemoved,
                        severity: Severity::Breaking,
                        group: Group::Fields,
                        subject: format!("{owner}.{}", field.name),
                        summary: format!(
                            "field `{}` removed from `{owner}`{label} (was `{}`)",
                            field.name,
                            describe(&field.ty)
                        ),
                        explanation: if optional {
                            "the Rust field goes away: code reading it stops compiling".to_string()
                        } else {
                            "the Rust field goes away: code reading it stops compiling, and \
                             receivers built from the old spec reject payloads without it"
                                .to_string()
                        },
                        side: Side::Old,
                        pos: field.pos,
                    });
                }
            }
        }
        let mut seen = BTreeSet::new();
        for field in &new.fields {
            if !seen.insert(field.name.as_str()) || old_fields.contains_key(field.name.as_str()) {
                continue;
            }
            let optional = matches!(field.ty, Type::Optional { .. });
            let change = self.push(Found {
                kind: ChangeKind::FieldAdded,
                severity: Severity::Compatible,
                group: Group::Fields,
                subject: format!("{owner}.{}", field.name),
                summary: format!(
                    "{} field `{}` added to `{owner}`{label} (`{}`)",
                    if optional { "optional" } else { "required" },
                    field.name,
                    describe(&field.ty)
                ),
                explanation: "receivers built from the old spec ignore it; regenerated types \
                              parse it"
                    .to_string(),
                side: Side::New,
                pos: field.pos,
            });
            change.notes.push(if optional {
                format!(
                    "code building `{}` with a struct literal must add `{}: None`",
                    naming::type_ident(owner),
                    naming::field_ident(&field.name)
                )
            } else {
                format!(
                    "payloads must now carry it; code building `{}` with a struct literal must \
                     set it",
                    naming::type_ident(owner)
                )
            });
        }
    }

    fn compare_field(
        &mut self,
        owner: &Place,
        label: &str,
        old: &'a Field,
        new: &'a Field,
        tag_field: Option<&str>,
        depth: usize,
    ) {
        let place = Place {
            path: format!("{}.{}", owner.path, new.name),
            group: Group::Fields,
            pos: new.pos,
            old_pos: old.pos,
        };
        let is_tag = tag_field == Some(new.name.as_str())
            && old.ty.as_literal().is_some()
            && new.ty.as_literal().is_some();
        if !is_tag {
            let (old_optional, old_inner) = unwrap_optional(&old.ty);
            let (new_optional, new_inner) = unwrap_optional(&new.ty);
            if walkable(old_inner, new_inner) {
                self.compare_type(&place, old_inner, new_inner, depth + 1);
                self.optionality(&place, label, old, old_optional, new_optional);
            } else if !same_shape(old_inner, new_inner, None, 0) {
                self.push(Found {
                    kind: ChangeKind::FieldTypeChanged,
                    severity: Severity::Breaking,
                    group: Group::Fields,
                    subject: place.path.clone(),
                    summary: format!(
                        "type of `{}`{label} changed: `{}` → `{}`",
                        place.path,
                        describe(&old.ty),
                        describe(&new.ty)
                    ),
                    explanation: "receivers built from the old spec may reject new payloads, \
                                  and the Rust field type changes"
                        .to_string(),
                    side: Side::New,
                    pos: place.pos,
                });
            } else {
                self.optionality(&place, label, old, old_optional, new_optional);
                // Same type; a `string` is a `jiff::Timestamp` when the description says
                // "RFC 3339".
                let (was, is) = (
                    is_timestamp(old.description.as_deref()),
                    is_timestamp(new.description.as_deref()),
                );
                if was != is && reaches_string(new_inner, 0) {
                    let (from, to) = if is {
                        ("String", "jiff::Timestamp")
                    } else {
                        ("jiff::Timestamp", "String")
                    };
                    self.push(Found {
                        kind: ChangeKind::FieldTypeChanged,
                        severity: Severity::Breaking,
                        group: Group::Fields,
                        subject: place.path.clone(),
                        summary: format!(
                            "Rust type of `{}`{label} changed: `{from}` → `{to}`",
                            place.path
                        ),
                        explanation: format!(
                            "its description {} \"RFC 3339\", which makes the generator use \
                             `{to}`: code reading it stops compiling",
                            if is {
                                "now mentions"
                            } else {
                                "no longer mentions"
                            }
                        ),
                        side: Side::New,
                        pos: place.pos,
                    });
                }
            }
        }
        self.compare_description(
            &place,
            old.description.as_deref(),
            new.description.as_deref(),
        );
    }

    fn optionality(
        &mut self,
        place: &Place,
        label: &str,
        old: &Field,
        was_optional: bool,
        is_optional: bool,
    ) {
        let (kind, summary, explanation) = match (was_optional, is_optional) {
            (true, false) => (
                ChangeKind::FieldNowRequired,
                format!(
                    "`{}`{label} is now required (was `{}`)",
                    place.path,
                    describe(&old.ty)
                ),
                "its Rust type changes from `Option<…>` to the plain type: code reading or \
                 building it must change",
            ),
            (false, true) => (
                ChangeKind::FieldNowOptional,
                format!("`{}`{label} is now optional", place.path),
                "payloads may omit it: receivers built from the old spec reject those, and its \
                 Rust type becomes `Option<…>`",
            ),
            _ => return,
        };
        self.push(Found {
            kind,
            severity: Severity::Breaking,
            group: Group::Fields,
            subject: place.path.clone(),
            summary,
            explanation: explanation.to_string(),
            side: Side::New,
            pos: place.pos,
        });
    }

    fn compare_unions(
        &mut self,
        place: &Place,
        old: &'a UnionType,
        new: &'a UnionType,
        depth: usize,
    ) {
        match (&old.discriminator, &new.discriminator) {
            (Some(a), Some(b)) if a.field != b.field => {
                self.push(Found {
                    kind: kind_for(place, ChangeKind::TypeChanged),
                    severity: Severity::Breaking,
                    group: place.group,
                    subject: place.path.clone(),
                    summary: format!(
                        "`{}` is now discriminated by `{}` (was `{}`)",
                        place.path, b.field, a.field
                    ),
                    explanation: "receivers built from the old spec look for the tag in the \
                                  wrong field"
                        .to_string(),
                    side: Side::New,
                    pos: place.pos,
                });
            }
            (Some(a), Some(b)) => {
                let new_tags: BTreeMap<&str, usize> = b
                    .tags
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, t)| (t.value.as_str(), i))
                    .collect();
                let old_tags: BTreeMap<&str, usize> = a
                    .tags
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, t)| (t.value.as_str(), i))
                    .collect();
                let mut seen = BTreeSet::new();
                for (i, tag) in a.tags.iter().enumerate() {
                    let value = tag.value.as_str();
                    if !seen.insert(value) {
                        continue;
                    }
                    match new_tags.get(value) {
                        None if self.kinds_removed.contains(value) => {}
                        None => {
                            self.push(Found {
                                kind: ChangeKind::UnionMemberRemoved,
                                severity: Severity::Breaking,
                                group: place.group,
                                subject: format!("{}[{value}]", place.path),
                                summary: format!("tag `{value}` removed from `{}`", place.path),
                                explanation: format!(
                                    "the variant `{}` goes away: code naming it stops compiling",
                                    naming::variant_name(value)
                                ),
                                side: Side::Old,
                                pos: place.old_pos,
                            });
                        }
                        Some(_) if self.kinds_rebound.contains(value) => {}
                        Some(&j) => {
                            if let (Some(m), Some(n)) = (old.members.get(i), new.members.get(j)) {
                                self.compare_type(&place.child(&format!("[{value}]")), m, n, depth);
                            }
                        }
                    }
                }
                let mut seen = BTreeSet::new();
                for tag in &b.tags {
                    let value = tag.value.as_str();
                    if !seen.insert(value)
                        || old_tags.contains_key(value)
                        || self.kinds_added.contains(value)
                    {
                        continue;
                    }
                    let change = self.push(Found {
                        kind: ChangeKind::UnionMemberAdded,
                        severity: Severity::Compatible,
                        group: place.group,
                        subject: format!("{}[{value}]", place.path),
                        summary: format!(
                            "tag `{value}` added to `{}` (`{}`)",
                            place.path,
                            naming::type_ident(&tag.member)
                        ),
                        explanation: "receivers built from the old spec parse it as `Unknown`"
                            .to_string(),
                        side: Side::New,
                        pos: place.pos,
                    });
                    change.breaks_exhaustive = true;
                    change.notes.push(
                        "breaks `#[webhook_handler(exhaustive)]` handlers and `match`es without \
                         a `_` arm"
                            .to_string(),
                    );
                }
            }
            (None, None) => self.compare_plain_unions(place, old, new),
            (Some(a), None) => {
                let field = a.field.clone();
                self.whole_union_changed(
                    place,
                    format!("`{}` is no longer discriminated by `{field}`", place.path),
                );
            }
            (None, Some(b)) => {
                let field = b.field.clone();
                self.whole_union_changed(
                    place,
                    format!("`{}` is now discriminated by `{field}`", place.path),
                );
            }
        }
    }

    fn whole_union_changed(&mut self, place: &Place, summary: String) {
        self.push(Found {
            kind: kind_for(place, ChangeKind::TypeChanged),
            severity: Severity::Breaking,
            group: place.group,
            subject: place.path.clone(),
            summary,
            explanation: "its Rust enum is generated differently: code using it stops \
                          compiling, and receivers built from the old spec may reject new payloads"
                .to_string(),
            side: Side::New,
            pos: place.pos,
        });
    }

    /// Unions without a discriminator: literal values matched by value, other members by
    /// shape. Their enums have no fallback variant, so an added member is breaking too.
    fn compare_plain_unions(&mut self, place: &Place, old: &'a UnionType, new: &'a UnionType) {
        let mut matched = vec![false; new.members.len()];
        let mut removed: Vec<&Type> = Vec::new();
        for member in &old.members {
            let found = new.members.iter().enumerate().find(|(j, n)| {
                !matched.get(*j).copied().unwrap_or(true) && same_shape(member, n, None, 0)
            });
            match found {
                Some((j, _)) => {
                    if let Some(slot) = matched.get_mut(j) {
                        *slot = true;
                    }
                }
                None => removed.push(member),
            }
        }
        let added: Vec<&Type> = new
            .members
            .iter()
            .zip(&matched)
            .filter(|(_, m)| !**m)
            .map(|(t, _)| t)
            .collect();
        for member in removed {
            let (what, explanation) = match member.as_literal() {
                Some(value) => (
                    format!("value `{value:?}`"),
                    format!(
                        "the enum variant for `{value:?}` goes away: code naming it stops compiling"
                    ),
                ),
                None => (
                    format!("member `{}`", describe(member)),
                    "the enum variant goes away: code naming it stops compiling".to_string(),
                ),
            };
            self.push(Found {
                kind: ChangeKind::UnionMemberRemoved,
                severity: Severity::Breaking,
                group: place.group,
                subject: place.path.clone(),
                summary: format!("{what} removed from `{}`", place.path),
                explanation,
                side: Side::Old,
                pos: place.old_pos,
            });
        }
        for member in added {
            let what = match member.as_literal() {
                Some(value) => format!("value `{value:?}`"),
                None => format!("member `{}`", describe(member)),
            };
            self.push(Found {
                kind: ChangeKind::UnionMemberAdded,
                severity: Severity::Breaking,
                group: place.group,
                subject: place.path.clone(),
                summary: format!("{what} added to `{}`", place.path),
                explanation: format!(
                    "receivers built from the old spec reject payloads carrying the new {} (the \
                     enum has no fallback variant), and `match`es on it must handle it",
                    if member.as_literal().is_some() {
                        "value"
                    } else {
                        "member"
                    }
                ),
                side: Side::New,
                pos: place.pos,
            });
        }
    }
}

/// `TypeChanged` for named types, `FieldTypeChanged` inside fields.
fn kind_for(place: &Place, kind: ChangeKind) -> ChangeKind {
    match (place.group, kind) {
        (Group::Fields, ChangeKind::TypeChanged) => ChangeKind::FieldTypeChanged,
        (_, kind) => kind,
    }
}

/// The first definition of each name.
fn index(spec: &Spec) -> BTreeMap<&str, &TypeDef> {
    let mut out = BTreeMap::new();
    for def in &spec.types {
        out.entry(def.name.as_str()).or_insert(def);
    }
    out
}

/// Event-kind struct name → its (first) tag.
fn members(spec: &Spec) -> BTreeMap<&str, &str> {
    let mut out = BTreeMap::new();
    for tag in spec.event_tags() {
        out.entry(tag.member.as_str()).or_insert(tag.value.as_str());
    }
    out
}

/// The discriminator field of the union [`Spec::event_tags`] takes the kinds from.
fn event_tag_field(spec: &Spec) -> Option<&str> {
    let unions = spec.discriminated_unions();
    unions
        .iter()
        .find(|(name, _)| name.is_some())
        .or_else(|| unions.first())
        .and_then(|(_, u)| u.discriminator.as_ref())
        .map(|d| d.field.as_str())
}

fn fields_by_name(object: &ObjectType) -> BTreeMap<&str, &Field> {
    let mut out = BTreeMap::new();
    for field in &object.fields {
        out.entry(field.name.as_str()).or_insert(field);
    }
    out
}

/// `optional T` → `(true, T)`; anything else → `(false, it)`.
fn unwrap_optional(ty: &Type) -> (bool, &Type) {
    match ty {
        Type::Optional { of } => (true, of),
        other => (false, other),
    }
}

/// Whether two types have the same structure to walk into (rather than compare as a whole).
fn walkable(old: &Type, new: &Type) -> bool {
    matches!(
        (old, new),
        (Type::Object(_), Type::Object(_))
            | (Type::Union(_), Type::Union(_))
            | (Type::Array { .. }, Type::Array { .. })
            | (Type::Map { .. }, Type::Map { .. })
            | (Type::Optional { .. }, Type::Optional { .. })
    )
}

/// Whether two types say the same thing, ignoring descriptions, positions and field order.
/// `ignore_literal` names a top-level field whose literal values may differ (the tag).
fn same_shape(a: &Type, b: &Type, ignore_literal: Option<&str>, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match (a, b) {
        (Type::String, Type::String)
        | (Type::Number, Type::Number)
        | (Type::Integer, Type::Integer)
        | (Type::Boolean, Type::Boolean) => true,
        (Type::Literal { value: x }, Type::Literal { value: y }) => x == y,
        (Type::Optional { of: x }, Type::Optional { of: y })
        | (Type::Array { of: x }, Type::Array { of: y })
        | (Type::Map { of: x }, Type::Map { of: y }) => same_shape(x, y, None, depth + 1),
        (Type::Ref { name: x }, Type::Ref { name: y }) => x == y,
        (Type::Object(x), Type::Object(y)) => {
            let (xs, ys) = (fields_by_name(x), fields_by_name(y));
            xs.len() == ys.len()
                && x.fields.len() == y.fields.len()
                && xs.iter().all(|(name, f)| {
                    ys.get(name).is_some_and(|g| {
                        (ignore_literal == Some(*name)
                            && f.ty.as_literal().is_some()
                            && g.ty.as_literal().is_some())
                            || same_shape(&f.ty, &g.ty, None, depth + 1)
                    })
                })
        }
        (Type::Union(x), Type::Union(y)) => {
            x.members.len() == y.members.len()
                && x.members
                    .iter()
                    .zip(&y.members)
                    .all(|(m, n)| same_shape(m, n, None, depth + 1))
        }
        _ => false,
    }
}

/// Whether the generator's timestamp rule can apply: a `string` behind `optional`, `array of`
/// and `map[…]`.
fn reaches_string(ty: &Type, depth: usize) -> bool {
    match ty {
        Type::String => true,
        Type::Optional { of } | Type::Array { of } | Type::Map { of } if depth < MAX_DEPTH => {
            reaches_string(of, depth + 1)
        }
        _ => false,
    }
}

/// The generator's rule: a `string` field is a `jiff::Timestamp` when its description
/// mentions RFC 3339 (kept in step with `codegen`).
fn is_timestamp(description: Option<&str>) -> bool {
    description.is_some_and(|d| {
        let d = d.to_ascii_lowercase();
        d.contains("rfc 3339") || d.contains("rfc3339")
    })
}

/// A description with runs of whitespace collapsed; empty ones are none.
fn normalize(description: Option<&str>) -> Option<String> {
    let words: Vec<&str> = description?.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// [`Type::describe`], cut short for long unions.
fn describe(ty: &Type) -> String {
    if depth_exceeds(ty, MAX_DEPTH) {
        return "(deeply nested type)".to_string();
    }
    let text = ty.describe();
    if text.chars().count() <= MAX_DESCRIBE {
        return text;
    }
    let mut short: String = text.chars().take(MAX_DESCRIBE).collect();
    short.push('…');
    short
}

/// Whether `ty` nests deeper than `limit` (checked without recursion).
fn depth_exceeds(ty: &Type, limit: usize) -> bool {
    let mut stack = vec![(ty, 0usize)];
    while let Some((ty, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        match ty {
            Type::Optional { of } | Type::Array { of } | Type::Map { of } => {
                stack.push((of, depth + 1));
            }
            Type::Object(o) => stack.extend(o.fields.iter().map(|f| (&f.ty, depth + 1))),
            Type::Union(u) => stack.extend(u.members.iter().map(|m| (m, depth + 1))),
            _ => {}
        }
    }
    false
}

/// "possibly renamed from `x`" / "possibly renamed to `x` or `y`".
fn renamed_note(direction: &str, candidates: &[&str]) -> Option<String> {
    if candidates.is_empty() {
        return None;
    }
    let names: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
    Some(format!(
        "possibly renamed {direction} {} (same fields and types)",
        names.join(" or ")
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A small valid spec: an event union (`ping.started`, `ping.stopped`), a literal union, a
    /// second discriminated union (`host`, `user`) and two identical objects (an alias).
    const BASE: &str = r#"# Webhooks

## Domain Types

### Ping Event

- `ping_event: object { id, created_at, data, type }`

  - `id: string`

    Unique event identifier.

  - `created_at: string`

    When it happened.

  - `data: PingStartedData or PingStoppedData`

    - `ping_started_data: object { id, type }`

      - `id: string`

      - `type: "ping.started"`

    - `ping_stopped_data: object { id, reason, type }`

      - `id: string`

      - `reason: optional string`

        Why it stopped.

      - `type: "ping.stopped"`

  - `type: "event"`

### Ping Status

- `ping_status: "up" or "down"`

### Ping Source

Where a ping comes from.

- `ping_source: object { origin, tags }`

  - `origin: OriginHost or OriginUser`

    - `origin_host: object { type, host }`

      - `type: "host"`

      - `host: string`

    - `origin_user: object { type, user }`

      - `type: "user"`

      - `user: string`

  - `tags: array of string`

### Ping Copy

- `ping_copy: object { id }`

  - `id: string`

### Ping Copy Two

- `ping_copy_two: object { id }`

  - `id: string`
"#;

    fn spec(text: &str) -> Spec {
        crate::read("test.md", text).unwrap_or_else(|d| panic!("{d}"))
    }

    /// `BASE` with each `(from, to)` replaced once.
    fn edited(edits: &[(&str, &str)]) -> String {
        let mut text = BASE.to_string();
        for (from, to) in edits {
            assert!(text.contains(from), "no `{from}` in the base spec");
            text = text.replacen(from, to, 1);
        }
        text
    }

    fn diff_with(edits: &[(&str, &str)]) -> Report {
        diff(&spec(BASE), &spec(&edited(edits)))
    }

    /// The only change of `report`.
    #[track_caller]
    fn single(report: &Report) -> &Change {
        assert_eq!(report.changes.len(), 1, "{report:#?}");
        &report.changes[0]
    }

    /// The line of `needle` in `text` (1-based).
    fn line_of(text: &str, needle: &str) -> u32 {
        let at = text.find(needle).unwrap();
        u32::try_from(text[..at].matches('\n').count() + 1).unwrap()
    }

    #[test]
    fn identical_specs_have_no_changes() {
        let report = diff(&spec(BASE), &spec(BASE));
        assert!(report.is_empty(), "{report:#?}");
        assert!(!report.is_breaking());
        assert!(
            report
                .render("a.md", "b.md")
                .starts_with("no changes: `a.md` and `b.md`")
        );
    }

    #[test]
    fn the_seed_equals_itself_and_its_json_form() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/webhooks.md");
        let seed = crate::read_file(std::path::Path::new(path), "spec/webhooks.md").unwrap();
        let json = serde_json::to_string(&seed).unwrap();
        let from_json = crate::read("seed.json", &json).unwrap();
        assert!(diff(&seed, &seed).is_empty());
        assert!(diff(&seed, &from_json).is_empty());
    }

    /// `BASE` with a third kind, `ping.resumed`.
    fn with_resumed() -> String {
        edited(&[
            (
                "`data: PingStartedData or PingStoppedData`",
                "`data: PingStartedData or PingStoppedData or PingResumedData`",
            ),
            (
                "  - `type: \"event\"`",
                "    - `ping_resumed_data: object { id, type }`\n\n      - `id: string`\n\n      - `type: \"ping.resumed\"`\n\n  - `type: \"event\"`",
            ),
        ])
    }

    #[test]
    fn removed_kind_is_breaking_and_reported_once() {
        let text = with_resumed();
        let old = spec(&text);
        let report = diff(&old, &spec(BASE));
        // Not repeated as a removed type nor as a tag removed from `ping_event.data`.
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::KindRemoved);
        assert_eq!(change.severity, Severity::Breaking);
        assert_eq!(change.group, Group::Kinds);
        assert_eq!(change.subject, "ping.resumed");
        assert_eq!(change.side, Side::Old);
        assert_eq!(change.pos, old.get("ping_resumed_data").unwrap().pos);
        assert!(change.summary.contains("PingResumedData"), "{change:?}");
        assert!(change.explanation.contains("on_ping_resumed"), "{change:?}");
        assert!(report.is_breaking());
        assert!(!report.breaks_exhaustive());
    }

    #[test]
    fn added_kind_is_compatible_but_breaks_exhaustive_handlers() {
        let new = spec(&with_resumed());
        let report = diff(&spec(BASE), &new);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::KindAdded);
        assert_eq!(change.severity, Severity::Compatible);
        assert!(change.breaks_exhaustive);
        assert_eq!(change.side, Side::New);
        assert_eq!(change.pos, new.get("ping_resumed_data").unwrap().pos);
        assert!(
            change
                .notes
                .iter()
                .any(|n| n.contains("exhaustive") && n.contains("on_ping_resumed")),
            "{change:?}"
        );
        assert!(!report.is_breaking());
        assert!(report.breaks_exhaustive());
        // ping_started_data has the same shape (tag aside), so this may be a rename…
        // …but nothing was removed, so no rename note.
        assert!(!change.notes.iter().any(|n| n.contains("renamed")));
    }

    #[test]
    fn renamed_kind_is_removed_plus_added_with_notes() {
        let text = BASE
            .replace("PingStartedData", "PingBegunData")
            .replace("ping_started_data", "ping_begun_data")
            .replace("ping.started", "ping.begun");
        let report = diff(&spec(BASE), &spec(&text));
        assert_eq!(report.changes.len(), 2, "{report:#?}");
        let removed = &report.changes[0];
        let added = &report.changes[1];
        assert_eq!(
            (removed.kind, removed.subject.as_str()),
            (ChangeKind::KindRemoved, "ping.started")
        );
        assert_eq!(
            (added.kind, added.subject.as_str()),
            (ChangeKind::KindAdded, "ping.begun")
        );
        assert!(
            removed
                .notes
                .iter()
                .any(|n| n.contains("possibly renamed to `ping.begun`")),
            "{removed:?}"
        );
        assert!(
            added
                .notes
                .iter()
                .any(|n| n.contains("possibly renamed from `ping.started`")),
            "{added:?}"
        );
    }

    #[test]
    fn kind_with_other_fields_is_not_called_a_rename() {
        let text = BASE
            .replace(
                "ping_started_data: object { id, type }",
                "ping_begun_data: object { id, type }",
            )
            .replace("PingStartedData", "PingBegunData")
            .replace("ping.started", "ping.begun")
            .replacen(
                "      - `id: string`\n\n      - `type: \"ping.begun\"`",
                "      - `id: integer`\n\n      - `type: \"ping.begun\"`",
                1,
            );
        let report = diff(&spec(BASE), &spec(&text));
        assert_eq!(report.changes.len(), 2, "{report:#?}");
        assert!(
            report
                .changes
                .iter()
                .all(|c| c.notes.iter().all(|n| !n.contains("renamed")))
        );
    }

    #[test]
    fn kind_parsed_into_a_renamed_struct_is_breaking() {
        let text = BASE
            .replace("PingStartedData", "PingBegunData")
            .replace("ping_started_data", "ping_begun_data");
        let report = diff(&spec(BASE), &spec(&text));
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::KindMemberChanged);
        assert!(change.is_breaking());
        assert!(change.summary.contains("PingBegunData"), "{change:?}");
    }

    #[test]
    fn removed_field_is_breaking() {
        let old = spec(BASE);
        let report = diff_with(&[
            (
                "ping_stopped_data: object { id, reason, type }",
                "ping_stopped_data: object { id, type }",
            ),
            (
                "      - `reason: optional string`\n\n        Why it stopped.\n\n",
                "",
            ),
        ]);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::FieldRemoved);
        assert_eq!(change.group, Group::Fields);
        assert_eq!(change.subject, "ping_stopped_data.reason");
        assert_eq!(change.side, Side::Old);
        let member = Type::reference("ping_stopped_data");
        let field = old
            .object_of(&member)
            .and_then(|o| o.field("reason"))
            .unwrap();
        assert_eq!(change.pos, field.pos);
        assert!(change.summary.contains("kind `ping.stopped`"), "{change:?}");
        assert!(change.is_breaking());
    }

    #[test]
    fn added_fields_are_compatible_with_a_note() {
        for (ty, required) in [("optional string", false), ("integer", true)] {
            let text = edited(&[
                (
                    "ping_copy: object { id }",
                    "ping_copy: object { id, extra }",
                ),
                ("### Ping Copy Two", ""),
                ("- `ping_copy_two: object { id }`\n\n  - `id: string`\n", ""),
                (
                    "  - `id: string`\n\n\n",
                    &format!("  - `id: string`\n\n  - `extra: {ty}`\n\n"),
                ),
            ]);
            let base = BASE.replace(
                "### Ping Copy Two\n\n- `ping_copy_two: object { id }`\n\n  - `id: string`\n",
                "",
            );
            let new = spec(&text);
            let report = diff(&spec(&base), &new);
            let change = single(&report);
            assert_eq!(change.kind, ChangeKind::FieldAdded, "{ty}");
            assert_eq!(change.severity, Severity::Compatible, "{ty}");
            assert_eq!(change.side, Side::New);
            assert_eq!(change.pos.line, line_of(&text, "- `extra"));
            assert_eq!(
                change.summary.starts_with("required"),
                required,
                "{change:?}"
            );
            assert!(
                change.notes.iter().any(|n| n.contains("struct literal")),
                "{change:?}"
            );
        }
    }

    #[test]
    fn changed_field_type_is_breaking() {
        let report = diff_with(&[(
            "  - `tags: array of string`",
            "  - `tags: array of integer`",
        )]);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::FieldTypeChanged);
        assert_eq!(change.subject, "ping_source.tags[]");
        assert!(change.is_breaking());
        assert!(
            change.summary.contains("`string` → `integer`"),
            "{change:?}"
        );

        let report = diff_with(&[("  - `created_at: string`", "  - `created_at: integer`")]);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::FieldTypeChanged);
        assert_eq!(change.subject, "ping_event.created_at");

        // optional string → integer: one change naming both whole types.
        let report = diff_with(&[("`reason: optional string`", "`reason: integer`")]);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::FieldTypeChanged);
        assert!(
            change.summary.contains("`optional string` → `integer`"),
            "{change:?}"
        );

        // Another literal is another type.
        let report = diff_with(&[("  - `type: \"event\"`", "  - `type: \"event.v2\"`")]);
        assert_eq!(single(&report).kind, ChangeKind::FieldTypeChanged);
    }

    #[test]
    fn optional_to_required_and_back_are_breaking() {
        let report = diff_with(&[("`reason: optional string`", "`reason: string`")]);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::FieldNowRequired);
        assert!(change.is_breaking());

        let report = diff_with(&[("`created_at: string`", "`created_at: optional string`")]);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::FieldNowOptional);
        assert!(change.is_breaking());
    }

    #[test]
    fn description_changes_are_compatible() {
        let report = diff_with(&[("Unique event identifier.", "The event's identifier.")]);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::DescriptionChanged);
        assert_eq!(change.severity, Severity::Compatible);
        assert_eq!(change.subject, "ping_event.id");

        let report = diff_with(&[("Where a ping comes from.", "Where pings come from.")]);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::DescriptionChanged);
        assert_eq!(change.group, Group::Types);

        // Re-wrapping is not a change.
        let report = diff_with(&[("Unique event identifier.", "Unique event\n    identifier.")]);
        assert!(report.is_empty(), "{report:#?}");
    }

    #[test]
    fn a_description_that_makes_a_timestamp_is_breaking() {
        let report = diff_with(&[(
            "When it happened.",
            "RFC 3339 timestamp of when it happened.",
        )]);
        assert_eq!(report.changes.len(), 2, "{report:#?}");
        let change = &report.changes[0];
        assert_eq!(change.kind, ChangeKind::FieldTypeChanged);
        assert!(change.summary.contains("jiff::Timestamp"), "{change:?}");
        assert!(change.is_breaking());
        assert_eq!(report.changes[1].kind, ChangeKind::DescriptionChanged);
    }

    #[test]
    fn literal_union_values_added_or_removed_are_breaking() {
        let report = diff_with(&[("`ping_status: \"up\" or \"down\"`", "`ping_status: \"up\"`")]);
        // `"up"` alone is a literal, not a union: the type changed as a whole.
        assert_eq!(single(&report).kind, ChangeKind::TypeChanged);

        let report = diff_with(&[(
            "`ping_status: \"up\" or \"down\"`",
            "`ping_status: \"up\" or \"unknown\"`",
        )]);
        assert_eq!(report.changes.len(), 2, "{report:#?}");
        let removed = &report.changes[0];
        assert_eq!(removed.kind, ChangeKind::UnionMemberRemoved);
        assert!(removed.summary.contains("\"down\""), "{removed:?}");
        assert_eq!(removed.side, Side::Old);
        let added = &report.changes[1];
        assert_eq!(added.kind, ChangeKind::UnionMemberAdded);
        assert!(added.summary.contains("\"unknown\""), "{added:?}");
        assert!(report.changes.iter().all(Change::is_breaking));

        // Order does not matter.
        let report = diff_with(&[(
            "`ping_status: \"up\" or \"down\"`",
            "`ping_status: \"down\" or \"up\"`",
        )]);
        assert!(report.is_empty(), "{report:#?}");
    }

    #[test]
    fn tags_of_other_discriminated_unions() {
        let with_bot = edited(&[
            (
                "`origin: OriginHost or OriginUser`",
                "`origin: OriginHost or OriginUser or OriginBot`",
            ),
            (
                "  - `tags: array of string`",
                "    - `origin_bot: object { type, bot }`\n\n      - `type: \"bot\"`\n\n      - `bot: string`\n\n  - `tags: array of string`",
            ),
        ]);
        let report = diff(&spec(BASE), &spec(&with_bot));
        let kinds: Vec<ChangeKind> = report.changes.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [ChangeKind::UnionMemberAdded, ChangeKind::TypeAdded],
            "{report:#?}"
        );
        let tag = &report.changes[0];
        assert_eq!(tag.subject, "ping_source.origin[bot]");
        assert_eq!(tag.group, Group::Fields);
        assert_eq!(tag.severity, Severity::Compatible);
        assert!(tag.breaks_exhaustive);
        assert!(!report.is_breaking());

        let report = diff(&spec(&with_bot), &spec(BASE));
        let kinds: Vec<ChangeKind> = report.changes.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [ChangeKind::UnionMemberRemoved, ChangeKind::TypeRemoved],
            "{report:#?}"
        );
        assert!(report.changes.iter().all(Change::is_breaking));
        assert_eq!(report.changes[0].side, Side::Old);
    }

    #[test]
    fn types_added_and_removed() {
        let text = edited(&[(
            "### Ping Copy Two",
            "### Ping Extra\n\n- `ping_extra: object { n }`\n\n  - `n: integer`\n\n### Ping Copy Two",
        )]);
        let report = diff(&spec(BASE), &spec(&text));
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::TypeAdded);
        assert_eq!(change.severity, Severity::Compatible);

        let report = diff(&spec(&text), &spec(BASE));
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::TypeRemoved);
        assert_eq!(change.side, Side::Old);
        assert!(change.is_breaking());

        let renamed = text.replace("ping_extra", "ping_more");
        let report = diff(&spec(&text), &spec(&renamed));
        assert_eq!(report.changes.len(), 2, "{report:#?}");
        assert!(
            report.changes[0]
                .notes
                .iter()
                .any(|n| n.contains("renamed to `ping_more`"))
        );
        assert!(
            report.changes[1]
                .notes
                .iter()
                .any(|n| n.contains("renamed from `ping_extra`"))
        );
    }

    #[test]
    fn a_type_changed_as_a_whole_is_breaking() {
        let report = diff_with(&[(
            "- `ping_status: \"up\" or \"down\"`",
            "- `ping_status: string`",
        )]);
        let change = single(&report);
        assert_eq!(change.kind, ChangeKind::TypeChanged);
        assert_eq!(change.group, Group::Types);
        assert!(change.is_breaking());
    }

    #[test]
    fn aliases_that_split_are_breaking() {
        // `ping_copy_two` is an alias of `ping_copy` until their fields differ.
        let text = format!("{BASE}\n  - `n: integer`\n").replace(
            "- `ping_copy_two: object { id }`",
            "- `ping_copy_two: object { id, n }`",
        );
        let report = diff(&spec(BASE), &spec(&text));
        let kinds: Vec<ChangeKind> = report.changes.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [ChangeKind::AliasChanged, ChangeKind::FieldAdded],
            "{report:#?}"
        );
        assert!(report.changes[0].is_breaking());

        let report = diff(&spec(&text), &spec(BASE));
        let alias = &report.changes[0];
        assert_eq!(alias.kind, ChangeKind::AliasChanged);
        assert_eq!(alias.severity, Severity::Compatible);
    }

    #[test]
    fn render_groups_marks_and_counts() {
        let text = edited(&[
            ("`reason: optional string`", "`reason: string`"),
            ("Unique event identifier.", "The event's identifier."),
            (
                "### Ping Copy Two",
                "### Ping Extra\n\n- `ping_extra: object { n }`\n\n  - `n: integer`\n\n### Ping Copy Two",
            ),
        ]);
        let report = diff(&spec(BASE), &spec(&text));
        let out = report.render("old.md", "new.md");
        assert!(
            out.starts_with("changes from `old.md` to `new.md`:\n"),
            "{out}"
        );
        let types = out.find("\ntypes:\n").unwrap();
        let fields = out.find("\nfields:\n").unwrap();
        assert!(types < fields, "{out}");
        assert!(!out.contains("event kinds:"), "{out}");
        let line = line_of(&text, "- `reason");
        assert!(
            out.contains(&format!("  BREAKING  new.md:{line}:")),
            "{out}"
        );
        let line = line_of(&text, "- `ping_extra");
        assert!(
            out.contains(&format!("  ok        new.md:{line}:")),
            "{out}"
        );
        assert!(out.ends_with("\n3 changes, 1 breaking\n"), "{out}");

        // Removed items point into the old spec.
        let report = diff(&spec(&text), &spec(BASE));
        let out = report.render("old.md", "new.md");
        let line = line_of(&text, "- `ping_extra");
        assert!(
            out.contains(&format!("  BREAKING  old.md:{line}:")),
            "{out}"
        );

        // Unknown positions print the file alone.
        let mut report = report;
        report
            .changes
            .iter_mut()
            .for_each(|c| c.pos = Pos::default());
        let out = report.render("old.md", "new.md");
        assert!(out.contains("  BREAKING  old.md: "), "{out}");
    }

    #[test]
    fn render_counts_exhaustive_breaks() {
        let text = BASE
            .replace("PingStartedData", "PingBegunData")
            .replace("ping_started_data", "ping_begun_data")
            .replace("ping.started", "ping.begun");
        let out = diff(&spec(BASE), &spec(&text)).render("a", "b");
        assert!(out.contains("event kinds:"), "{out}");
        assert!(
            out.ends_with("\n2 changes, 1 breaking; 1 breaks `exhaustive` handlers\n"),
            "{out}"
        );
    }

    #[test]
    fn never_panics_on_odd_models() {
        // Empty specs, unvalidated ones with duplicates, dangling references and deep nesting.
        let seed = spec(BASE);
        let empty = Spec::default();
        let mut deep = Type::String;
        for _ in 0..300 {
            deep = Type::Optional { of: Box::new(deep) };
        }
        let mut odd = seed.clone();
        odd.types.extend(seed.types.iter().cloned());
        odd.types.push(TypeDef::new(
            "dangling",
            Type::reference("nowhere"),
            Pos::default(),
        ));
        odd.types
            .push(TypeDef::new("deep", deep.clone(), Pos::default()));
        let mut other = odd.clone();
        if let Some(def) = other.types.iter_mut().find(|d| d.name == "deep") {
            def.ty = Type::Array { of: Box::new(deep) };
        }
        let (unvalidated, _) =
            crate::markdown::parse(&BASE.replace("PingStoppedData", "PingStartedData"));
        for (a, b) in [
            (&empty, &seed),
            (&seed, &empty),
            (&empty, &empty),
            (&odd, &seed),
            (&seed, &odd),
            (&odd, &other),
            (&unvalidated, &seed),
            (&seed, &unvalidated),
        ] {
            let report = diff(a, b);
            let _ = report.render("a", "b");
        }
        let report = diff(&odd, &other);
        assert!(report.is_breaking());
        assert!(
            report.render("a", "b").contains("deep"),
            "{}",
            report.render("a", "b")
        );
    }
}
