// The migrations are embedded (`sqlx::migrate!`): a change to them must rebuild the crate, or a
// stale binary refuses the database it migrated itself (a checksum mismatch).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
