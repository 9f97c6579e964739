//! Validation: checks that a spec agrees with itself, merges repeated definitions and fills in
//! the derived facts. Independent of the format the spec was read from; never panics.
//!
//! In order:
//!
//! 1. **derived facts are cleared** (`same_as`, discriminators): they are recomputed below, so
//!    whatever a JSON spec says about them is ignored;
//! 2. **repeated definitions are merged**: the seed defines most event-data types several times
//!    (inline in a union, in their own section, …). All definitions of a name must say the same
//!    thing: same kind of type, same fields in the same order, same field types and descriptions
//!    (positions do not matter; a description given in one place and missing in another is fine,
//!    the merged definition keeps it). The merged definition keeps the first definition's place
//!    and position, the first section given, and the later positions in
//!    [`also_defined_at`](TypeDef::also_defined_at). A definition that differs is reported once,
//!    at the first difference;
//! 3. **checks**: type and field names are identifiers; no duplicate fields; no empty unions;
//!    every reference names a defined type; no type is an alias of itself. (A spec without any
//!    type is reported by the reader, which knows whether that is only the consequence of
//!    earlier errors; an empty spec is valid here.)
//! 4. **discriminated unions**: a union whose members are all objects (after following
//!    references) with a string-literal `type` field gets a [`Discriminator`], one [`Tag`] per
//!    member in member order. [`Tag::member`] is the referenced type's name, or the empty string
//!    for an anonymous inline object member (which has no name). Tags must be valid
//!    ([`naming::is_valid_tag`]), distinct, and map to distinct variant names. A union where only
//!    some members have a literal `type` is an error; unions of non-objects (`"a" or "b"`,
//!    `string or number`) are plain unions;
//! 5. **`same_as`**: a definition whose type is exactly that of an earlier definition (including
//!    field descriptions and discriminators, not positions) gets `same_as` = the earliest such
//!    definition's name.

use std::collections::{HashMap, HashSet};

use crate::model::{Discriminator, ObjectType, Pos, Spec, Tag, Type, TypeDef, UnionType};
use crate::{Diagnostic, naming};

/// The field that discriminates tagged unions.
const TAG_FIELD: &str = "type";

/// Validates a spec: returns the merged spec with derived facts, and every problem found.
pub fn validate(spec: Spec) -> (Spec, Vec<Diagnostic>) {
    let mut validator = Validator::default();
    let mut spec = validator.merge(clear_derived(spec));
    validator.check(&spec);
    validator.discriminate(&mut spec);
    fill_same_as(&mut spec);
    (spec, validator.finish())
}

#[derive(Default)]
struct Validator {
    diagnostics: Vec<Diagnostic>,
    /// Undefined type names already reported (each is reported once, at its first use).
    undefined: HashSet<String>,
    /// Union members already reported as lacking a tag.
    untagged: HashSet<String>,
}

impl Validator {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The diagnostics, without exact repeats (the same member can sit in several unions).
    fn finish(self) -> Vec<Diagnostic> {
        let mut seen = HashSet::new();
        self.diagnostics
            .into_iter()
            .filter(|d| seen.insert(format!("{d:?}")))
            .collect()
    }

    // -----------------------------------------------------------------------------------------
    // Merging
    // -----------------------------------------------------------------------------------------

    fn merge(&mut self, spec: Spec) -> Spec {
        let mut types: Vec<TypeDef> = Vec::with_capacity(spec.types.len());
        let mut index: HashMap<String, usize> = HashMap::new();
        for def in spec.types {
            let Some(first) = index.get(&def.name).and_then(|&i| types.get_mut(i)) else {
                index.insert(def.name.clone(), types.len());
                types.push(def);
                continue;
            };
            match def_difference(first, &def) {
                Some(difference) => {
                    let here = if difference.here.is_known() {
                        difference.here
                    } else {
                        def.pos
                    };
                    let there = if difference.there.is_known() {
                        difference.there
                    } else {
                        first.pos
                    };
                    self.error(
                        Diagnostic::new(
                            here,
                            format!(
                                "`{}` is defined differently here: {}{}",
                                def.name,
                                difference.clause,
                                at(there)
                            ),
                        )
                        .with_related(there, "first defined here"),
                    );
                }
                None => {
                    if first.description.is_none() {
                        first.description = def.description.clone();
                    }
                    if first.section.is_none() {
                        first.section = def.section.clone();
                    }
                    fill_descriptions(&mut first.ty, &def.ty);
                }
            }
            first.also_defined_at.push(def.pos);
            first.also_defined_at.extend(def.also_defined_at);
        }
        Spec {
            title: spec.title,
            types,
        }
    }

    // -----------------------------------------------------------------------------------------
    // Checks
    // -----------------------------------------------------------------------------------------

    fn check(&mut self, spec: &Spec) {
        let names: HashSet<&str> = spec.types.iter().map(|t| t.name.as_str()).collect();
        for def in &spec.types {
            if !naming::is_identifier(&def.name) {
                self.error(
                    Diagnostic::new(
                        def.pos,
                        format!("type name `{}` is not an identifier", def.name),
                    )
                    .with_help(IDENTIFIER_HELP),
                );
            }
            self.walk(spec, &names, &def.ty, def.pos);
        }
        self.check_alias_cycles(spec);
    }

    /// Checks one type expression; `pos` is the nearest known position (field or definition).
    fn walk(&mut self, spec: &Spec, names: &HashSet<&str>, ty: &Type, pos: Pos) {
        match ty {
            Type::Ref { name } => {
                if !names.contains(name.as_str()) && self.undefined.insert(name.clone()) {
                    let shown = naming::camel_case(name);
                    let mut diagnostic =
                        Diagnostic::new(pos, format!("no type `{shown}` is defined"));
                    let camels: Vec<String> = spec
                        .types
                        .iter()
                        .map(|t| naming::camel_case(&t.name))
                        .collect();
                    if let Some(best) =
                        crate::markdown::closest(&shown, camels.iter().map(String::as_str))
                    {
                        diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
                    }
                    self.error(diagnostic);
                }
            }
            Type::Optional { of } | Type::Array { of } | Type::Map { of } => {
                self.walk(spec, names, of, pos);
            }
            Type::Object(object) => {
                let mut seen: HashMap<&str, Pos> = HashMap::new();
                for field in &object.fields {
                    if !naming::is_identifier(&field.name) {
                        self.error(
                            Diagnostic::new(
                                field.pos,
                                format!("field name `{}` is not an identifier", field.name),
                            )
                            .with_help(IDENTIFIER_HELP),
                        );
                    }
                    if let Some(&first) = seen.get(field.name.as_str()) {
                        self.error(
                            Diagnostic::new(field.pos, format!("duplicate field `{}`", field.name))
                                .with_related(first, "first defined here"),
                        );
                    } else {
                        seen.insert(&field.name, field.pos);
                    }
                    self.walk(spec, names, &field.ty, field.pos);
                }
            }
            Type::Union(union) => {
                if union.members.is_empty() {
                    self.error(Diagnostic::new(pos, "union has no members"));
                }
                for member in &union.members {
                    self.walk(spec, names, member, pos);
                }
            }
            Type::String | Type::Number | Type::Integer | Type::Boolean | Type::Literal { .. } => {}
        }
    }

    /// Reports definitions that are references to themselves (`a: B`, `b: A`).
    fn check_alias_cycles(&mut self, spec: &Spec) {
        let mut reported: HashSet<&str> = HashSet::new();
        for def in &spec.types {
            if reported.contains(def.name.as_str()) {
                continue;
            }
            let mut chain = vec![def.name.as_str()];
            let mut current = &def.ty;
            while let Type::Ref { name } = current {
                if name == &def.name {
                    chain.push(name);
                    let shown: Vec<String> = chain.iter().map(|n| naming::camel_case(n)).collect();
                    self.error(Diagnostic::new(
                        def.pos,
                        format!("`{}` is defined as itself: {}", def.name, shown.join(" → ")),
                    ));
                    reported.extend(chain.iter().copied());
                    break;
                }
                if chain.contains(&name.as_str()) {
                    break; // a cycle not through `def`: reported for its own members
                }
                match spec.get(name) {
                    Some(next) => {
                        chain.push(&next.name);
                        current = &next.ty;
                    }
                    None => break,
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Discriminated unions
    // -----------------------------------------------------------------------------------------

    fn discriminate(&mut self, spec: &mut Spec) {
        let lookup = spec.clone();
        for def in &mut spec.types {
            self.discriminate_in(&lookup, &mut def.ty, def.pos);
        }
    }

    fn discriminate_in(&mut self, spec: &Spec, ty: &mut Type, pos: Pos) {
        match ty {
            Type::Union(union) => {
                for member in &mut union.members {
                    self.discriminate_in(spec, member, pos);
                }
                union.discriminator = self.discriminator(spec, union, pos);
            }
            Type::Object(object) => {
                for field in &mut object.fields {
                    self.discriminate_in(spec, &mut field.ty, field.pos);
                }
            }
            Type::Optional { of } | Type::Array { of } | Type::Map { of } => {
                self.discriminate_in(spec, of, pos);
            }
            Type::String
            | Type::Number
            | Type::Integer
            | Type::Boolean
            | Type::Literal { .. }
            | Type::Ref { .. } => {}
        }
    }

    /// The union's discriminator, if every member is an object with a literal `type`.
    fn discriminator(&mut self, spec: &Spec, union: &UnionType, pos: Pos) -> Option<Discriminator> {
        struct Member<'a> {
            /// The referenced type's name, or `""` for an inline member.
            name: &'a str,
            /// How messages call it.
            label: String,
            /// Where it is defined, if it is a named type.
            pos: Option<Pos>,
            /// The tag and where it is written.
            tag: Option<(&'a str, Pos)>,
        }
        let members: Vec<Member<'_>> = union
            .members
            .iter()
            .enumerate()
            .map(|(i, member)| {
                let tag = spec
                    .object_of(member)
                    .and_then(|o| o.field(TAG_FIELD))
                    .and_then(|f| f.ty.as_literal().map(|value| (value, f.pos)));
                match member {
                    Type::Ref { name } => Member {
                        name,
                        label: format!("`{}`", naming::camel_case(name)),
                        pos: spec.get(name).map(|d| d.pos),
                        tag,
                    },
                    other => Member {
                        name: "",
                        label: format!("member {} (`{}`)", i + 1, other.describe()),
                        pos: None,
                        tag,
                    },
                }
            })
            .collect();

        let tagged = members.iter().filter(|m| m.tag.is_some()).count();
        if tagged == 0 {
            return None;
        }
        if tagged < members.len() {
            let untagged: Vec<&Member<'_>> = members
                .iter()
                .filter(|m| m.tag.is_none())
                .filter(|m| m.name.is_empty() || self.untagged.insert(m.name.to_string()))
                .collect();
            if let Some(first) = untagged.first() {
                let labels: Vec<&str> = untagged.iter().map(|m| m.label.as_str()).collect();
                let verb = if labels.len() == 1 { "has" } else { "have" };
                let mut diagnostic = Diagnostic::new(
                    pos,
                    format!(
                        "some members of this union have a string-literal `{TAG_FIELD}` field but \
                         {} {verb} none",
                        list(&labels)
                    ),
                )
                .with_help(format!(
                    "give every member a field like `{TAG_FIELD}: \"kind.name\"`, or none of them"
                ));
                if let Some(at) = first.pos {
                    diagnostic =
                        diagnostic.with_related(at, format!("{} is defined here", first.label));
                }
                self.error(diagnostic);
            }
            return None;
        }

        let mut by_value: HashMap<&str, &Member<'_>> = HashMap::new();
        let mut by_variant: HashMap<String, &Member<'_>> = HashMap::new();
        let mut tags = Vec::with_capacity(members.len());
        for member in &members {
            let Some((value, at)) = member.tag else {
                continue;
            };
            tags.push(Tag {
                value: value.to_string(),
                member: member.name.to_string(),
            });
            if !naming::is_valid_tag(value) {
                self.error(
                    Diagnostic::new(at, format!("invalid tag `{value}`")).with_help(
                        "a tag starts with a letter and contains only ASCII letters, digits, \
                             `_`, `.` and `-`",
                    ),
                );
                continue;
            }
            if let Some(first) = by_value.get(value) {
                let message = if first.name == member.name && !member.name.is_empty() {
                    format!("{} is a member of this union twice", member.label)
                } else {
                    format!(
                        "tag `{value}` is used by both {} and {}",
                        first.label, member.label
                    )
                };
                let mut diagnostic = Diagnostic::new(at, message);
                if let Some((_, first_at)) = first.tag {
                    diagnostic = diagnostic.with_related(first_at, "first used here");
                }
                self.error(diagnostic);
                continue;
            }
            by_value.insert(value, member);
            let variant = naming::variant_name(value);
            if let Some(first) = by_variant.get(&variant) {
                let first_value = first.tag.map_or("", |(v, _)| v);
                let mut diagnostic = Diagnostic::new(
                    at,
                    format!(
                        "tags `{first_value}` and `{value}` both become the variant `{variant}`"
                    ),
                )
                .with_help("rename one of the tags");
                if let Some((_, first_at)) = first.tag {
                    diagnostic = diagnostic.with_related(first_at, "first used here");
                }
                self.error(diagnostic);
                continue;
            }
            by_variant.insert(variant, member);
        }
        Some(Discriminator {
            field: TAG_FIELD.to_string(),
            tags,
        })
    }
}

const IDENTIFIER_HELP: &str =
    "names may contain only ASCII letters, digits and `_`, and must not start with a digit";

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// ` at 12:5`, or ` in the first definition` when the position is unknown.
fn at(pos: Pos) -> String {
    if pos.is_known() {
        format!(" at {pos}")
    } else {
        " in the first definition".to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing definitions
// ---------------------------------------------------------------------------------------------

/// The first way a later definition differs from the first one.
#[derive(Debug)]
struct Difference {
    /// Where in the later definition.
    here: Pos,
    /// Where in the first definition.
    there: Pos,
    /// What differs, phrased to be followed by ` at <there>`: "field `id` is `integer` here but
    /// `string`".
    clause: String,
}

/// One step into a type, for naming the place of a difference.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Field(&'a str),
    Member(usize),
}

/// How messages name a place: `it`, "field `a.b`", "field `id` of member 2 of field `data`".
fn subject(path: &[Step<'_>]) -> String {
    let mut groups: Vec<String> = Vec::new();
    let mut fields: Vec<&str> = Vec::new();
    for step in path {
        match step {
            Step::Field(name) => fields.push(name),
            Step::Member(n) => {
                if !fields.is_empty() {
                    groups.push(format!("field `{}`", fields.join(".")));
                    fields.clear();
                }
                groups.push(format!("member {n}"));
            }
        }
    }
    if !fields.is_empty() {
        groups.push(format!("field `{}`", fields.join(".")));
    }
    if groups.is_empty() {
        return "it".to_string();
    }
    groups.reverse();
    groups.join(" of ")
}

fn with_step<'a>(path: &[Step<'a>], step: Step<'a>) -> Vec<Step<'a>> {
    let mut path = path.to_vec();
    path.push(step);
    path
}

fn def_difference(first: &TypeDef, later: &TypeDef) -> Option<Difference> {
    if let Some(difference) = type_difference(&first.ty, &later.ty, &[], first.pos, later.pos) {
        return Some(difference);
    }
    match (&first.description, &later.description) {
        (Some(a), Some(b)) if a != b => Some(Difference {
            here: later.pos,
            there: first.pos,
            clause: format!("its description is {b:?} here but {a:?}"),
        }),
        _ => None,
    }
}

/// `optional array of X` → (`[optional, array]`, `X`).
fn peel(ty: &Type) -> (Vec<&'static str>, &Type) {
    let mut wrappers = Vec::new();
    let mut current = ty;
    loop {
        let (wrapper, of) = match current {
            Type::Optional { of } => ("optional", of),
            Type::Array { of } => ("array", of),
            Type::Map { of } => ("map", of),
            _ => return (wrappers, current),
        };
        wrappers.push(wrapper);
        current = of;
    }
}

/// How `later` differs from `first` (`a`), ignoring positions and missing descriptions.
fn type_difference(
    a: &Type,
    b: &Type,
    path: &[Step<'_>],
    a_pos: Pos,
    b_pos: Pos,
) -> Option<Difference> {
    let (a_wrappers, a_core) = peel(a);
    let (b_wrappers, b_core) = peel(b);
    if a_wrappers == b_wrappers {
        match (a_core, b_core) {
            (Type::Object(x), Type::Object(y)) => {
                return object_difference(x, y, path, a_pos, b_pos);
            }
            (Type::Union(x), Type::Union(y)) => {
                if x.members.len() != y.members.len() {
                    return Some(Difference {
                        here: b_pos,
                        there: a_pos,
                        clause: format!(
                            "{} has {} members here but {}",
                            subject(path),
                            y.members.len(),
                            x.members.len()
                        ),
                    });
                }
                return x
                    .members
                    .iter()
                    .zip(&y.members)
                    .enumerate()
                    .find_map(|(i, (p, q))| {
                        type_difference(p, q, &with_step(path, Step::Member(i + 1)), a_pos, b_pos)
                    });
            }
            (x, y) if x == y => return None,
            _ => {}
        }
    }
    Some(Difference {
        here: b_pos,
        there: a_pos,
        clause: format!(
            "{} is `{}` here but `{}`",
            subject(path),
            b.describe(),
            a.describe()
        ),
    })
}

fn object_difference(
    x: &ObjectType,
    y: &ObjectType,
    path: &[Step<'_>],
    a_pos: Pos,
    b_pos: Pos,
) -> Option<Difference> {
    for i in 0..x.fields.len().max(y.fields.len()) {
        match (x.fields.get(i), y.fields.get(i)) {
            (Some(fa), Some(fb)) if fa.name == fb.name => {
                let here = with_step(path, Step::Field(&fa.name));
                if let Some(d) = type_difference(&fa.ty, &fb.ty, &here, fa.pos, fb.pos) {
                    return Some(d);
                }
                if let (Some(da), Some(db)) = (&fa.description, &fb.description)
                    && da != db
                {
                    return Some(Difference {
                        here: fb.pos,
                        there: fa.pos,
                        clause: format!(
                            "{} is described as {db:?} here but as {da:?}",
                            subject(&here)
                        ),
                    });
                }
            }
            (_, Some(fb)) if x.field(&fb.name).is_none() => {
                return Some(Difference {
                    here: fb.pos,
                    there: a_pos,
                    clause: format!(
                        "{} is defined here but not",
                        subject(&with_step(path, Step::Field(&fb.name)))
                    ),
                });
            }
            (Some(fa), _) if y.field(&fa.name).is_none() => {
                return Some(Difference {
                    here: b_pos,
                    there: fa.pos,
                    clause: format!(
                        "{} is missing here but defined",
                        subject(&with_step(path, Step::Field(&fa.name)))
                    ),
                });
            }
            (Some(_), Some(fb)) => {
                let j = x.fields.iter().position(|f| f.name == fb.name).unwrap_or(i);
                return Some(Difference {
                    here: fb.pos,
                    there: x.fields.get(j).map_or(a_pos, |f| f.pos),
                    clause: format!(
                        "{} is field {} here but field {}",
                        subject(&with_step(path, Step::Field(&fb.name))),
                        i + 1,
                        j + 1
                    ),
                });
            }
            _ => {
                return Some(Difference {
                    here: b_pos,
                    there: a_pos,
                    clause: format!(
                        "{} has {} fields here but {}",
                        subject(path),
                        y.fields.len(),
                        x.fields.len()
                    ),
                });
            }
        }
    }
    None
}

/// Copies descriptions from `from` into `into` where `into` has none (the two are known to have
/// the same shape).
fn fill_descriptions(into: &mut Type, from: &Type) {
    match (into, from) {
        (Type::Object(x), Type::Object(y)) => {
            for (a, b) in x.fields.iter_mut().zip(&y.fields) {
                if a.description.is_none() {
                    a.description = b.description.clone();
                }
                fill_descriptions(&mut a.ty, &b.ty);
            }
        }
        (Type::Union(x), Type::Union(y)) => {
            for (a, b) in x.members.iter_mut().zip(&y.members) {
                fill_descriptions(a, b);
            }
        }
        (Type::Optional { of: a }, Type::Optional { of: b })
        | (Type::Array { of: a }, Type::Array { of: b })
        | (Type::Map { of: a }, Type::Map { of: b }) => fill_descriptions(a, b),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Derived facts
// ---------------------------------------------------------------------------------------------

/// Removes `same_as` and discriminators (they are recomputed).
fn clear_derived(mut spec: Spec) -> Spec {
    fn clear(ty: &mut Type) {
        match ty {
            Type::Union(union) => {
                union.discriminator = None;
                union.members.iter_mut().for_each(clear);
            }
            Type::Object(object) => object.fields.iter_mut().for_each(|f| clear(&mut f.ty)),
            Type::Optional { of } | Type::Array { of } | Type::Map { of } => clear(of),
            _ => {}
        }
    }
    for def in &mut spec.types {
        def.same_as = None;
        clear(&mut def.ty);
    }
    spec
}

/// `ty` with every field position cleared, for comparing shapes.
fn without_positions(ty: &Type) -> Type {
    let mut ty = ty.clone();
    fn clear(ty: &mut Type) {
        match ty {
            Type::Union(union) => union.members.iter_mut().for_each(clear),
            Type::Object(object) => object.fields.iter_mut().for_each(|f| {
                f.pos = Pos::default();
                clear(&mut f.ty);
            }),
            Type::Optional { of } | Type::Array { of } | Type::Map { of } => clear(of),
            _ => {}
        }
    }
    clear(&mut ty);
    ty
}

/// Sets `same_as` on every definition whose type equals an earlier one's.
fn fill_same_as(spec: &mut Spec) {
    let mut first_with_shape: HashMap<String, String> = HashMap::new();
    for def in &mut spec.types {
        let shape = format!("{:?}", without_positions(&def.ty));
        match first_with_shape.get(&shape) {
            Some(first) => def.same_as = Some(first.clone()),
            None => {
                first_with_shape.insert(shape, def.name.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::Field;

    fn object(fields: Vec<Field>) -> Type {
        Type::Object(ObjectType { fields })
    }

    fn tagged(name: &str, tag: &str, line: u32) -> TypeDef {
        TypeDef::new(
            name,
            object(vec![
                Field::new("id", Type::String, Pos::new(line, 5)),
                Field::new(
                    "type",
                    Type::Literal { value: tag.into() },
                    Pos::new(line + 1, 5),
                ),
            ]),
            Pos::new(line, 3),
        )
    }

    fn union_of(names: &[&str]) -> Type {
        Type::Union(UnionType {
            members: names.iter().map(|n| Type::reference(*n)).collect(),
            discriminator: None,
        })
    }

    fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn fills_discriminators_in_member_order() {
        let spec = Spec {
            title: None,
            types: vec![
                TypeDef::new("event", union_of(&["a", "b"]), Pos::new(1, 1)),
                tagged("a", "x.created", 10),
                tagged("b", "x.deleted", 20),
            ],
        };
        let (spec, problems) = validate(spec);
        assert!(problems.is_empty(), "{problems:?}");
        let tags: Vec<(&str, &str)> = spec
            .event_tags()
            .iter()
            .map(|t| (t.value.as_str(), t.member.as_str()))
            .collect();
        assert_eq!(tags, [("x.created", "a"), ("x.deleted", "b")]);
    }

    #[test]
    fn plain_unions_stay_plain() {
        let literals = Type::Union(UnionType {
            members: vec![
                Type::Literal { value: "a".into() },
                Type::Literal { value: "b".into() },
            ],
            discriminator: None,
        });
        let spec = Spec {
            title: None,
            types: vec![TypeDef::new("kind", literals.clone(), Pos::new(1, 1))],
        };
        let (spec, problems) = validate(spec);
        assert!(problems.is_empty());
        assert_eq!(spec.types[0].ty, literals);
    }

    #[test]
    fn merges_identical_definitions_and_keeps_descriptions() {
        let mut first = tagged("a", "x.created", 10);
        let mut second = tagged("a", "x.created", 30);
        second.section = Some("A".into());
        if let Type::Object(o) = &mut second.ty {
            o.fields[0].description = Some("The id.".into());
        }
        first.description = Some("An A.".into());
        let (spec, problems) = validate(Spec {
            title: None,
            types: vec![first, second],
        });
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(spec.types.len(), 1);
        let a = &spec.types[0];
        assert_eq!(a.section.as_deref(), Some("A"));
        assert_eq!(a.description.as_deref(), Some("An A."));
        assert_eq!(a.pos, Pos::new(10, 3));
        assert_eq!(a.also_defined_at, [Pos::new(30, 3)]);
        let Type::Object(o) = &a.ty else { panic!() };
        assert_eq!(o.fields[0].description.as_deref(), Some("The id."));
    }

    #[test]
    fn reports_the_first_difference() {
        let first = tagged("a", "x.created", 10);
        let mut second = tagged("a", "x.created", 30);
        if let Type::Object(o) = &mut second.ty {
            o.fields.swap(0, 1);
        }
        let (_, problems) = validate(Spec {
            title: None,
            types: vec![first, second],
        });
        assert_eq!(
            messages(&problems),
            ["`a` is defined differently here: field `type` is field 1 here but field 2 at 11:5"]
        );
        assert_eq!(problems[0].pos, Pos::new(31, 5));
    }

    #[test]
    fn same_as_points_at_the_earliest_identical_definition() {
        let spec = Spec {
            title: None,
            types: vec![
                TypeDef::new(
                    "a",
                    object(vec![Field::new("x", Type::String, Pos::new(1, 1))]),
                    Pos::new(1, 1),
                ),
                TypeDef::new(
                    "b",
                    object(vec![Field::new("x", Type::String, Pos::new(5, 1))]),
                    Pos::new(5, 1),
                ),
                TypeDef::new(
                    "c",
                    object(vec![Field::new("x", Type::String, Pos::new(9, 1))]),
                    Pos::new(9, 1),
                ),
            ],
        };
        let (spec, _) = validate(spec);
        let same: Vec<Option<&str>> = spec.types.iter().map(|t| t.same_as.as_deref()).collect();
        assert_eq!(same, [None, Some("a"), Some("a")]);
    }

    #[test]
    fn alias_cycles_are_reported_once() {
        let spec = Spec {
            title: None,
            types: vec![
                TypeDef::new("a", Type::reference("b"), Pos::new(1, 1)),
                TypeDef::new("b", Type::reference("a"), Pos::new(2, 1)),
            ],
        };
        let (_, problems) = validate(spec);
        assert_eq!(messages(&problems), ["`a` is defined as itself: A → B → A"]);
    }

    #[test]
    fn subjects_name_nested_places() {
        assert_eq!(subject(&[]), "it");
        assert_eq!(
            subject(&[Step::Field("a"), Step::Field("b")]),
            "field `a.b`"
        );
        assert_eq!(
            subject(&[Step::Field("data"), Step::Member(2), Step::Field("id")]),
            "field `id` of member 2 of field `data`"
        );
    }
}
