//! The user's `impl` block, read with syn's derive-level types only.
//!
//! `#[webhook_handler]` needs little of the block: its generics and self type (to implement the
//! handler trait for the same type) and, per method, the name, `async`, the receiver, the
//! parameter types and the return type. Reading just that keeps syn's `full` feature out of the
//! proc-macro: `full` roughly doubles what syn compiles, and serde_derive, which every user
//! builds anyway, does without it. Everything else (bodies, patterns, other items) stays tokens
//! and goes back to rustc exactly as written, so rustc reports the user's own mistakes.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt};
use syn::buffer::Cursor;
use syn::parse::discouraged::Speculative;
use syn::parse::{Parse, ParseStream};
use syn::token::Brace;
use syn::{
    Attribute, Generics, Ident, Lifetime, LitStr, ReturnType, Token, Type, Visibility, WhereClause,
    braced, parenthesized,
};

/// An inherent `impl` block: `impl<…> Type where … { items }`.
pub(crate) struct ImplBlock {
    attrs: Vec<Attribute>,
    impl_token: Token![impl],
    /// Its generics, with the where clause.
    pub(crate) generics: Generics,
    /// The type the block is for.
    pub(crate) self_ty: Type,
    brace: Brace,
    inner_attrs: Vec<Attribute>,
    /// The items, in order.
    pub(crate) items: Vec<Member>,
}

/// One item of the block.
pub(crate) struct Member {
    /// The item as written.
    tokens: TokenStream,
    /// Its signature, when it is a method.
    pub(crate) method: Option<Signature>,
}

/// What the handler checks of a method's signature.
pub(crate) struct Signature {
    /// `async fn`.
    pub(crate) is_async: bool,
    /// The method's name.
    pub(crate) ident: Ident,
    /// Where the signature starts (its first qualifier or `fn`).
    pub(crate) span: Span,
    /// The parameters, receiver included.
    pub(crate) args: Vec<Arg>,
    /// Everything between the parentheses, for error spans.
    pub(crate) inputs: TokenStream,
    /// `-> T`, or nothing.
    pub(crate) output: ReturnType,
}

/// One parameter of a method.
pub(crate) struct Arg {
    /// The parameter as written, for error spans.
    pub(crate) tokens: TokenStream,
    /// What kind of parameter it is.
    pub(crate) kind: ArgKind,
}

/// The kinds of parameter the handler tells apart.
pub(crate) enum ArgKind {
    /// `&self`, `&mut self`, `&'a self`, `&'a mut self`.
    RefSelf {
        /// `&mut self`.
        mutable: bool,
    },
    /// `self`, `mut self`, `self: T`.
    OtherSelf,
    /// `pattern: T`.
    Typed(Box<Type>),
}

impl Parse for ImplBlock {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let impl_token: Token![impl] = input.parse()?;
        let mut generics: Generics = input.parse()?;
        let self_ty: Type = input.parse()?;
        if input.peek(Token![for]) {
            return Err(input.error(
                "`#[webhook_handler]` goes on an inherent `impl` block: `impl MyHandler { … }`",
            ));
        }
        generics.where_clause = input.parse::<Option<WhereClause>>()?;
        let content;
        let brace = braced!(content in input);
        let inner_attrs = content.call(Attribute::parse_inner)?;
        let mut items = Vec::new();
        while !content.is_empty() {
            items.push(content.parse()?);
        }
        Ok(ImplBlock {
            attrs,
            impl_token,
            generics,
            self_ty,
            brace,
            inner_attrs,
            items,
        })
    }
}

impl ToTokens for ImplBlock {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append_all(&self.attrs);
        self.impl_token.to_tokens(tokens);
        self.generics.to_tokens(tokens);
        self.self_ty.to_tokens(tokens);
        self.generics.where_clause.to_tokens(tokens);
        self.brace.surround(tokens, |tokens| {
            tokens.append_all(&self.inner_attrs);
            for item in &self.items {
                tokens.extend(item.tokens.clone());
            }
        });
    }
}

impl Parse for Member {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let begin = input.cursor();
        let fork = input.fork();
        match method(&fork) {
            Ok(sig) => {
                input.advance_to(&fork);
                return Ok(Member {
                    tokens: between(begin, input.cursor()),
                    method: Some(sig),
                });
            }
            // A method this reader cannot follow is an error, not an item to pass over: its
            // kind would silently go unhandled.
            Err(e) if starts_method(input) => return Err(e),
            Err(_) => {}
        }
        // Anything else (`const`, `type`, a macro call): up to its `;`, or its closing brace
        // and the `;` after it if there is one. Where an item really ends does not matter
        // much: every token goes back to rustc in order.
        let tokens = input.step(|cursor| {
            let mut rest = *cursor;
            let mut tokens = TokenStream::new();
            while let Some((tt, next)) = rest.token_tree() {
                rest = next;
                let end = match &tt {
                    TokenTree::Punct(p) => p.as_char() == ';',
                    TokenTree::Group(g) => g.delimiter() == proc_macro2::Delimiter::Brace,
                    _ => false,
                };
                let brace = matches!(tt, TokenTree::Group(_));
                tokens.append(tt);
                if end {
                    if let Some((TokenTree::Punct(p), next)) = rest.token_tree()
                        && brace
                        && p.as_char() == ';'
                    {
                        tokens.append(p);
                        rest = next;
                    }
                    break;
                }
            }
            Ok((tokens, rest))
        })?;
        Ok(Member {
            tokens,
            method: None,
        })
    }
}

/// The tokens from `begin` up to (not including) `end`.
fn between(mut cursor: Cursor<'_>, end: Cursor<'_>) -> TokenStream {
    let mut tokens = TokenStream::new();
    while cursor != end {
        let Some((tt, next)) = cursor.token_tree() else {
            break;
        };
        tokens.append(tt);
        cursor = next;
    }
    tokens
}

/// `#[attrs] vis [default] [const] [async] [unsafe] [extern "abi"] fn name<…>(args) -> T where … { … }`
fn method(input: ParseStream<'_>) -> syn::Result<Signature> {
    input.call(Attribute::parse_outer)?;
    input.parse::<Visibility>()?;
    let span = input.span();
    let is_async = qualifiers(input)?;
    input.parse::<Token![fn]>()?;
    let ident: Ident = input.parse()?;
    input.parse::<Generics>()?;
    let content;
    parenthesized!(content in input);
    let inputs: TokenStream = content.fork().parse()?;
    let mut args = Vec::new();
    while !content.is_empty() {
        args.push(arg(&content)?);
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    let output: ReturnType = input.parse()?;
    input.parse::<Option<WhereClause>>()?;
    let body;
    braced!(body in input);
    body.parse::<TokenStream>()?;
    Ok(Signature {
        is_async,
        ident,
        span,
        args,
        inputs,
        output,
    })
}

/// Whether the next item starts like a method (up to its `fn`), whatever follows.
fn starts_method(input: ParseStream<'_>) -> bool {
    let f = input.fork();
    f.call(Attribute::parse_outer).is_ok()
        && f.parse::<Visibility>().is_ok()
        && qualifiers(&f).is_ok()
        && f.peek(Token![fn])
}

/// What may stand between the visibility and `fn`; says whether `async` does.
fn qualifiers(input: ParseStream<'_>) -> syn::Result<bool> {
    if input.peek(Ident) && !input.peek(Token![fn]) {
        // `default fn` (specialization): a contextual keyword, not a token of syn's.
        let ident: Ident = input.parse()?;
        if ident != "default" {
            return Err(syn::Error::new(ident.span(), "not a method"));
        }
    }
    input.parse::<Option<Token![const]>>()?;
    let asyncness = input.parse::<Option<Token![async]>>()?;
    input.parse::<Option<Token![unsafe]>>()?;
    if input.parse::<Option<Token![extern]>>()?.is_some() {
        input.parse::<Option<LitStr>>()?;
    }
    Ok(asyncness.is_some())
}

/// One parameter, up to (not including) the comma after it.
fn arg(input: ParseStream<'_>) -> syn::Result<Arg> {
    let begin = input.cursor();
    input.call(Attribute::parse_outer)?;
    let fork = input.fork();
    let kind = if let Ok(mutable) = ref_self(&fork) {
        input.advance_to(&fork);
        ArgKind::RefSelf { mutable }
    } else if input.peek(Token![self]) || (input.peek(Token![mut]) && input.peek2(Token![self])) {
        input.parse::<Option<Token![mut]>>()?;
        input.parse::<Token![self]>()?;
        if input.parse::<Option<Token![:]>>()?.is_some() {
            input.parse::<Type>()?;
        }
        ArgKind::OtherSelf
    } else {
        // The pattern: any tokens up to the `:` before the type (`::` belongs to paths).
        while !input.is_empty() && (input.peek(Token![::]) || !input.peek(Token![:])) {
            input.parse::<TokenTree>()?;
        }
        input.parse::<Token![:]>()?;
        ArgKind::Typed(Box::new(input.parse()?))
    };
    Ok(Arg {
        tokens: between(begin, input.cursor()),
        kind,
    })
}

/// `&self`, `&mut self`, `&'a self`, `&'a mut self`, and nothing after it but a comma.
fn ref_self(input: ParseStream<'_>) -> syn::Result<bool> {
    input.parse::<Token![&]>()?;
    input.parse::<Option<Lifetime>>()?;
    let mutable = input.parse::<Option<Token![mut]>>()?.is_some();
    input.parse::<Token![self]>()?;
    if !(input.is_empty() || input.peek(Token![,])) {
        return Err(input.error("not a reference receiver"));
    }
    Ok(mutable)
}

impl ImplBlock {
    /// Removes the items at `indices` (ascending).
    pub(crate) fn remove_items(&mut self, indices: &[usize]) {
        for &index in indices.iter().rev() {
            self.items.remove(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn block(tokens: TokenStream) -> ImplBlock {
        syn::parse2(tokens).expect("parses")
    }

    fn methods(b: &ImplBlock) -> Vec<&Signature> {
        b.items.iter().filter_map(|m| m.method.as_ref()).collect()
    }

    #[test]
    fn reads_methods_and_gives_every_token_back() {
        let input = quote! {
            #[allow(dead_code)]
            impl<'a, T: Clone> Handler<'a, T> where T: Send {
                #![allow(unused)]
                const LIMIT: usize = { 3 };
                type Out = Vec<(u8, u16)>;
                some_macro! { fn not_a_method() {} }
                other_macro!(x, y);
                /// Docs.
                pub async fn on_a(&'a mut self, event: &E, (x, y): (u8, HashMap<K, V>)) -> Result<(), E> { body(); }
                fn on_b(&self, Wrapper { inner }: &crate::Data) {}
                pub(crate) const unsafe extern "C" fn helper(self: Box<Self>) -> u8 { 0 }
                fn by_value(mut self) {}
                fn none() {}
            }
        };
        let b = block(input.clone());
        assert_eq!(b.to_token_stream().to_string(), input.to_string());
        assert_eq!(b.items.len(), 9);
        assert_eq!(
            b.self_ty.to_token_stream().to_string(),
            "Handler < 'a , T >"
        );
        assert!(b.generics.where_clause.is_some());

        let m = methods(&b);
        let names: Vec<String> = m.iter().map(|s| s.ident.to_string()).collect();
        assert_eq!(names, ["on_a", "on_b", "helper", "by_value", "none"]);

        let a = m[0];
        assert!(a.is_async);
        assert!(matches!(a.args[0].kind, ArgKind::RefSelf { mutable: true }));
        let types: Vec<String> = a.args[1..]
            .iter()
            .map(|arg| match &arg.kind {
                ArgKind::Typed(t) => t.to_token_stream().to_string(),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(types, ["& E", "(u8 , HashMap < K , V >)"]);
        assert_eq!(
            a.args[2].tokens.to_string(),
            "(x , y) : (u8 , HashMap < K , V >)"
        );
        assert_eq!(
            a.output.to_token_stream().to_string(),
            "-> Result < () , E >"
        );

        let on_b = m[1];
        assert!(!on_b.is_async);
        assert!(matches!(
            on_b.args[0].kind,
            ArgKind::RefSelf { mutable: false }
        ));
        assert!(
            matches!(&on_b.args[1].kind, ArgKind::Typed(t) if matches!(**t, Type::Reference(_)))
        );
        assert_eq!(
            on_b.inputs.to_string(),
            "& self , Wrapper { inner } : & crate :: Data"
        );
        assert!(matches!(on_b.output, ReturnType::Default));

        assert!(matches!(m[2].args[0].kind, ArgKind::OtherSelf));
        assert!(matches!(m[3].args[0].kind, ArgKind::OtherSelf));
        assert!(m[4].args.is_empty());
    }

    #[test]
    fn removes_items() {
        let mut b = block(quote!(impl H { fn a(&self) {} fn b(&self) {} fn c(&self) {} }));
        b.remove_items(&[0, 2]);
        assert_eq!(
            b.to_token_stream().to_string(),
            quote!(impl H { fn b(&self) {} }).to_string()
        );
    }

    #[test]
    fn a_method_it_cannot_read_is_an_error() {
        // A body-less method is not Rust in an inherent impl; the reader says so instead of
        // passing the method over.
        let err = syn::parse2::<ImplBlock>(quote!(impl H { fn on_a(&self); }))
            .err()
            .expect("an error");
        assert!(err.to_string().contains("expected curly braces"), "{err}");
    }

    #[test]
    fn rejects_trait_impls_and_other_items() {
        let err = syn::parse2::<ImplBlock>(quote!(impl Trait for H {}))
            .err()
            .expect("an error");
        assert!(err.to_string().contains("inherent `impl` block"), "{err}");
        assert!(
            syn::parse2::<ImplBlock>(quote!(
                struct H;
            ))
            .is_err()
        );
        assert!(
            syn::parse2::<ImplBlock>(quote!(
                fn f() {}
            ))
            .is_err()
        );
    }
}
