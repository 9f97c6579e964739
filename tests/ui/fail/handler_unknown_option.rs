// A misspelt option is named.
use webhook_types::webhook_handler;

struct Handler;

#[webhook_handler(exhaustiv)]
impl Handler {}

fn main() {}
