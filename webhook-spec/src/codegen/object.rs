//! Objects → structs with hand-written serde impls.
//!
//! Deserialization is one pass over the JSON object: each key is looked up among the struct's
//! field names, unknown keys are skipped, string-literal fields are checked against their
//! literal, and missing required fields give serde's `missing field` error. Serialization writes
//! the fields in spec order, literals included, and leaves out `None` optional fields.

use super::{FieldPlan, Generator, doc_attrs, local};
use crate::model::ObjectType;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

impl<'a> Generator<'a> {
    /// Emits the struct for `object` and its serde impls.
    pub(crate) fn object(
        &mut self,
        ident: &Ident,
        spec_name: &str,
        section: Option<&str>,
        doc: &[String],
        object: &'a ObjectType,
    ) {
        let where_ = match section {
            Some(section) => format!("the section “{section}” of `{}`", self.options.spec_name),
            None => format!("`{spec_name}` in `{}`", self.options.spec_name),
        };
        let plans = self.field_plans(ident, &where_, &object.fields);
        let mut doc = doc.to_vec();
        doc.extend(plans.iter().filter_map(|p| {
            p.literal.map(|v| {
                let mut line = format!(
                    "`{}` is always `{v:?}`: checked when parsing, written when serializing.",
                    p.name
                );
                if p.described {
                    line.push(' ');
                    line.push_str(&p.doc);
                }
                line
            })
        }));
        let doc = doc_attrs(&doc);
        let stored: Vec<&FieldPlan<'_>> = plans.iter().filter(|p| p.literal.is_none()).collect();
        let fields = stored.iter().map(|p| {
            let (i, ty) = (&p.ident, &p.ty);
            let d = doc_attrs(std::slice::from_ref(&p.doc));
            quote! { #d pub #i: #ty }
        });
        let ser = self.serialize_struct(ident, &plans);
        let de = self.deserialize_struct(ident, spec_name, &plans);
        self.items.push(quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct #ident { #(#fields,)* }
            #ser
            #de
        });
    }

    fn serialize_struct(&self, ident: &Ident, plans: &[FieldPlan<'_>]) -> TokenStream {
        let rt = self.rt();
        let name = ident.to_string();
        let required = plans.iter().filter(|p| !p.optional).count();
        let optional_counts = plans.iter().filter(|p| p.optional).map(|p| {
            let i = &p.ident;
            quote!(+ usize::from(self.#i.is_some()))
        });
        let writes = plans.iter().map(|p| {
            let (n, i) = (p.name, &p.ident);
            if let Some(value) = p.literal {
                quote!(__s.serialize_field(#n, #value)?;)
            } else if p.optional {
                quote! {
                    if let ::core::option::Option::Some(__v) = &self.#i {
                        __s.serialize_field(#n, __v)?;
                    } else {
                        __s.skip_field(#n)?;
                    }
                }
            } else {
                quote!(__s.serialize_field(#n, &self.#i)?;)
            }
        });
        quote! {
            impl #rt::serde::Serialize for #ident {
                fn serialize<__S: #rt::serde::Serializer>(
                    &self,
                    __serializer: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    use #rt::serde::ser::SerializeStruct as _;
                    let mut __s = __serializer
                        .serialize_struct(#name, #required #(#optional_counts)*)?;
                    #(#writes)*
                    __s.end()
                }
            }
        }
    }

    fn deserialize_struct(
        &self,
        ident: &Ident,
        spec_name: &str,
        plans: &[FieldPlan<'_>],
    ) -> TokenStream {
        let rt = self.rt();
        let names = plans.iter().map(|p| p.name);
        let expecting = format!("an object `{spec_name}` ({ident})");
        let slots = plans.iter().enumerate().map(|(i, p)| {
            let s = local("f", i);
            let ty = &p.ty;
            if p.literal.is_some() {
                quote!(let mut #s = false;)
            } else if p.optional {
                quote!(let mut #s: #ty = ::core::option::Option::None;)
            } else {
                quote!(let mut #s: ::core::option::Option<#ty> = ::core::option::Option::None;)
            }
        });
        let arms = plans.iter().enumerate().map(|(i, p)| {
            let s = local("f", i);
            let n = p.name;
            let body = match p.literal {
                Some(value) => quote!(#rt::de::set_literal(&mut #s, &mut __map, #n, #value)?),
                None if p.optional => quote!(#s = __map.next_value()?),
                None => quote!(#rt::de::set(&mut #s, &mut __map, #n)?),
            };
            quote!(::core::option::Option::Some(#i) => #body,)
        });
        let checks = plans.iter().enumerate().filter_map(|(i, p)| {
            let s = local("f", i);
            let n = p.name;
            p.literal
                .map(|_| quote!(#rt::de::required_literal::<__A::Error>(#s, #n)?;))
        });
        let inits = plans
            .iter()
            .enumerate()
            .filter(|(_, p)| p.literal.is_none())
            .map(|(i, p)| {
                let s = local("f", i);
                let (n, f) = (p.name, &p.ident);
                if p.optional {
                    quote!(#f: #s)
                } else {
                    quote!(#f: #rt::de::required(#s, #n)?)
                }
            });
        let body = quote! {
            #(#slots)*
            while let ::core::option::Option::Some(__key) =
                __map.next_key_seed(#rt::de::Key(&[#(#names),*]))?
            {
                match __key {
                    #(#arms)*
                    _ => {
                        __map.next_value::<#rt::serde::de::IgnoredAny>()?;
                    }
                }
            }
            #(#checks)*
            ::core::result::Result::Ok(#ident { #(#inits,)* })
        };
        self.deserialize_map_impl(ident, &expecting, quote!(), body)
    }
}
