//! The audit chain over the event log: each event stores the hash of the one before it and its
//! own hash over its stored fields, so an event edited, inserted or removed behind the app's back
//! breaks the chain at a point [`ChainCheck`] names. Pure: the store reads the rows, this decides.
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Names the encoding, so a later change of it cannot be mistaken for this one.
const DOMAIN_TAG: &str = "complaintdesk/audit-event/v1";

/// An event row exactly as stored (times in UTC ms, JSON as its stored text, `internal` 0/1):
/// the hash covers what is on disk, not a re-serialisation that could differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub case_id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_role: String,
    pub kind: String,
    pub action: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub details_json: Option<String>,
    pub note: Option<String>,
    pub internal: bool,
}

/// Appends one field: `0x00` for NULL, else `0x01`, its byte length as u64 big-endian, its
/// UTF-8 bytes. Length-prefixed, so no two different rows encode the same (a note ending in a
/// separator cannot pass for the next field).
fn field(buf: &mut Vec<u8>, value: Option<&str>) {
    match value {
        None => buf.push(0),
        Some(v) => {
            buf.push(1);
            buf.extend_from_slice(&(v.len() as u64).to_be_bytes());
            buf.extend_from_slice(v.as_bytes());
        }
    }
}

impl AuditRecord {
    /// The canonical encoding: the domain tag, then the fields id, case_id, at, actor_id,
    /// actor_role, kind, action, from_status, to_status, before_json, after_json, details_json,
    /// note, internal ("0"/"1"), prev_hash, each as [`field`] writes it (integers in decimal).
    pub fn encode(&self, prev_hash: &str) -> Vec<u8> {
        let mut buf = Vec::with_capacity(256);
        field(&mut buf, Some(DOMAIN_TAG));
        let int = |v: i64| v.to_string();
        field(&mut buf, Some(&int(self.id)));
        field(&mut buf, Some(&int(self.case_id)));
        field(&mut buf, Some(&int(self.at)));
        field(&mut buf, self.actor_id.map(int).as_deref());
        field(&mut buf, Some(&self.actor_role));
        field(&mut buf, Some(&self.kind));
        for text in [&self.action, &self.from_status, &self.to_status, &self.before_json, &self.after_json, &self.details_json, &self.note] {
            field(&mut buf, text.as_deref());
        }
        field(&mut buf, Some(if self.internal { "1" } else { "0" }));
        field(&mut buf, Some(prev_hash));
        buf
    }

    /// SHA-256 of [`AuditRecord::encode`], lower-case hex.
    pub fn hash(&self, prev_hash: &str) -> String {
        let digest = Sha256::digest(self.encode(prev_hash));
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What is wrong at the first broken event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BrokenReason {
    /// The event's fields no longer give its stored hash: the row was changed.
    HashMismatch,
    /// The event does not name the hash of the event before it: an event before it was
    /// changed and re-hashed, or removed, or this one was inserted.
    PrevHashMismatch,
    /// Ids are not consecutive: the event(s) just before this one were removed.
    Gap,
    /// The event's stored fields cannot be read (bytes that are not UTF-8 in a text column, a
    /// value of the wrong type): the row was damaged on disk or written around the app.
    Unreadable,
}

/// Walks the events in id order, one [`ChainCheck::push`] each.
#[derive(Debug, Clone)]
pub struct ChainCheck {
    last_id: i64,
    last_hash: String,
    /// Events that verified.
    pub count: i64,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck { last_id: 0, last_hash: GENESIS.to_string(), count: 0 }
    }
}

impl ChainCheck {
    /// The hash the next event must name as its `prev_hash`.
    pub fn head(&self) -> &str {
        &self.last_hash
    }

    /// Checks the next event (stored `prev_hash` and `hash`); the first failure is the answer.
    /// Ids come from SQLite's rowid (max + 1, no deletes), so they run 1, 2, 3… without holes.
    pub fn push(&mut self, record: &AuditRecord, prev_hash: Option<&str>, hash: Option<&str>) -> Result<(), BrokenReason> {
        if record.id != self.last_id + 1 {
            return Err(BrokenReason::Gap);
        }
        if prev_hash != Some(self.last_hash.as_str()) {
            return Err(BrokenReason::PrevHashMismatch);
        }
        let expected = record.hash(&self.last_hash);
        if hash != Some(expected.as_str()) {
            return Err(BrokenReason::HashMismatch);
        }
        self.last_id = record.id;
        self.last_hash = expected;
        self.count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: i64, note: Option<&str>) -> AuditRecord {
        AuditRecord {
            id,
            case_id: 1,
            at: 1_772_415_000_000,
            actor_id: Some(1),
            actor_role: "clerk".into(),
            kind: "note".into(),
            action: None,
            from_status: None,
            to_status: None,
            before_json: None,
            after_json: None,
            details_json: None,
            note: note.map(str::to_string),
            internal: false,
        }
    }

    #[test]
    fn null_empty_and_shifted_text_encode_differently() {
        let a = AuditRecord { action: Some(String::new()), ..record(1, None) };
        let b = AuditRecord { note: Some(String::new()), ..record(1, None) };
        assert_ne!(record(1, None).hash(GENESIS), a.hash(GENESIS), "NULL and empty text differ");
        assert_ne!(a.hash(GENESIS), b.hash(GENESIS), "the same text in another field differs");
        assert_ne!(record(1, Some("x")).hash(GENESIS), record(1, Some("x")).hash(&"1".repeat(64)), "the previous hash counts");
        assert_eq!(record(1, Some("x")).hash(GENESIS).len(), 64, "hex SHA-256");
    }

    #[test]
    fn the_chain_names_a_changed_a_missing_and_a_relinked_event() {
        let rows: Vec<AuditRecord> = (1..=3).map(|i| record(i, Some("原文"))).collect();
        let mut hashes = Vec::new();
        let mut prev = GENESIS.to_string();
        for r in &rows {
            let h = r.hash(&prev);
            hashes.push((prev.clone(), h.clone()));
            prev = h;
        }
        let walk = |rows: &[AuditRecord], hashes: &[(String, String)]| {
            let mut c = ChainCheck::default();
            for (r, (p, h)) in rows.iter().zip(hashes) {
                c.push(r, Some(p), Some(h)).map_err(|e| (r.id, e))?;
            }
            Ok::<i64, (i64, BrokenReason)>(c.count)
        };
        assert_eq!(walk(&rows, &hashes), Ok(3), "an untouched chain verifies");
        let mut edited = rows.clone();
        edited[1].note = Some("改过".into());
        assert_eq!(walk(&edited, &hashes), Err((2, BrokenReason::HashMismatch)), "the edited event is named");
        let (r, h) = ([rows[0].clone(), rows[2].clone()], [hashes[0].clone(), hashes[2].clone()]);
        assert_eq!(walk(&r, &h), Err((3, BrokenReason::Gap)), "the event after a removed one is named");
        let mut relinked = hashes.clone();
        relinked[2].0 = GENESIS.into();
        assert_eq!(walk(&rows, &relinked), Err((3, BrokenReason::PrevHashMismatch)), "a wrong link is named");
    }
}
