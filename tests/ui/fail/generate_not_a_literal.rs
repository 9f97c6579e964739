// The argument is the spec's path as a string literal.
mod ping {
    webhook_types::generate!(spec / webhooks);
}

fn main() {}
