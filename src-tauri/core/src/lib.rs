//! ComplaintDesk core: the rules (`domain`), the SQLite store (`store`) and the use-cases (`desk`).
//! Nothing here knows Tauri; the shell and the CLI are glue over `desk`.
pub mod desk;
pub mod domain;
pub mod store;
pub mod demo;
pub mod import;
