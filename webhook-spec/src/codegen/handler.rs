//! Handler traits, and the list of kinds handed to `#[webhook_handler]` in downstream crates.
//!
//! A downstream crate has no spec file. `#[webhook_handler]` learns the kinds by calling a
//! `macro_rules!` macro that `generate!` emits next to the types (`__webhook_kinds!`): the
//! macro calls back into the handler proc-macro with the spec's name, the context type, the
//! union, and one `"tag" Variant Struct` triple per kind. So the spec stays the one source of
//! truth, and a handler compiled against a changed spec sees the change.

use super::Generator;
use super::union::Context;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// What the handler macro needs to know about one discriminated union.
pub(crate) struct KindList<'k> {
    /// `(tag, variant, payload type)` per kind, in spec order.
    pub(crate) kinds: Vec<(&'k str, &'k Ident, &'k TokenStream)>,
}

impl Generator<'_> {
    /// Emits the handler traits and the kinds macro for a union and its context.
    pub(crate) fn handler_support(
        &mut self,
        union_ident: &Ident,
        context: &Context,
        list: KindList<'_>,
    ) -> TokenStream {
        let ctx = &context.ident;
        let handler = format_ident!("{}Handler", ctx);
        let async_handler = format_ident!("{}AsyncHandler", ctx);
        let field = match &context.field {
            Some(f) => quote!(#f),
            None => quote!(self),
        };
        let spec_name = &self.options.spec_name;
        let tags = list.kinds.iter().map(|(t, _, _)| *t);
        let variants = list.kinds.iter().map(|(_, v, _)| *v);
        let payloads = list.kinds.iter().map(|(_, _, p)| *p);
        let macro_name = format_ident!(
            "__webhook_kinds_{}_{:016x}",
            ctx,
            fnv1a(spec_name.as_bytes())
        );
        // Only the first union of a spec answers to the short name `__webhook_kinds`.
        let alias = if self.kinds_macro_emitted {
            quote!()
        } else {
            quote! {
                #[doc(hidden)]
                #[allow(unused_imports)]
                pub use #macro_name as __webhook_kinds;
            }
        };
        self.kinds_macro_emitted = true;
        let handler_doc = format!(
            "Handles [`{ctx}`]s synchronously. Implement it with `#[webhook_handler]` on an `impl` \
             block with `on_<kind>` methods; the attribute writes the dispatch."
        );
        let async_doc = format!(
            "Handles [`{ctx}`]s asynchronously: what `#[webhook_handler]` implements when the \
             `on_<kind>` methods are `async fn`."
        );
        quote! {
            #[doc = #handler_doc]
            pub trait #handler {
                /// What handling an event returns.
                type Output;
                /// Handles one event: calls the method for its kind, or the fallback.
                fn handle(&mut self, event: &#ctx) -> Self::Output;
            }

            #[doc = #async_doc]
            pub trait #async_handler {
                /// What handling an event returns.
                type Output;
                /// Handles one event: awaits the method for its kind, or the fallback.
                fn handle(
                    &mut self,
                    event: &#ctx,
                ) -> impl ::core::future::Future<Output = Self::Output>;
            }

            #[doc(hidden)]
            #[macro_export]
            macro_rules! #macro_name {
                (:: $($callback:ident)::+ { $($args:tt)* }) => {
                    :: $($callback)::+ ! {
                        $($args)*
                        spec = #spec_name;
                        context = #ctx;
                        union = #union_ident;
                        field = #field;
                        handler = #handler;
                        async_handler = #async_handler;
                        kinds = [ #( #tags #variants #payloads ),* ];
                    }
                };
            }
            #alias
        }
    }
}

/// FNV-1a: a stable, dependency-free hash to keep macro names of different specs apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
