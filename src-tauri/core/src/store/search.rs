//! Chinese full-text search without a dictionary: CJK runs become overlapping bigrams (电梯坏了 →
//! 电梯 梯坏 坏了), the way Lucene's CJK analyzer does, so two-character words match; other text
//! is left to FTS5's unicode61 tokenizer. A number of 4 or more digits also finds the phones that
//! end with it (尾号), through an index of the phones' last four characters.
//! On PostgreSQL the same words are a tsvector with a GIN index and the query a tsquery built
//! here, with no extension, so both stores find the same cases for the same text.
use super::db::{Dialect, Value};

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F |
        0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

/// Splits text into runs: CJK runs as bigrams, other runs kept as they are.
fn tokens(text: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut run = String::new();
    let mut run_cjk = false;
    let flush = |run: &mut String, cjk: bool, out: &mut Vec<(bool, String)>| {
        if run.is_empty() {
            return;
        }
        if cjk {
            let chars: Vec<char> = run.chars().collect();
            if chars.len() == 1 {
                out.push((true, chars[0].to_string()));
            } else {
                for w in chars.windows(2) {
                    out.push((true, w.iter().collect()));
                }
            }
        } else {
            for word in run.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                out.push((false, word.to_lowercase()));
            }
        }
        run.clear();
    };
    for c in text.chars() {
        let cjk = is_cjk(c);
        if cjk != run_cjk {
            flush(&mut run, run_cjk, &mut out);
            run_cjk = cjk;
        }
        run.push(c);
    }
    flush(&mut run, run_cjk, &mut out);
    out
}

/// The text stored in the index for a case.
pub fn index_text(parts: &[&str]) -> String {
    let mut words = Vec::new();
    for p in parts {
        words.extend(tokens(p).into_iter().map(|(_, w)| w));
    }
    words.join(" ")
}

/// An FTS5 query that finds every case containing all the words of `text`; `None` if nothing to search.
/// The last Latin/number word is a prefix, so a partial phone or case number matches.
pub fn match_query(text: &str) -> Option<String> {
    terms(tokens(text), true)
}

/// The words a search needs, all of them, each with whether it matches as a prefix: a single
/// CJK character always (it is part of some bigram), and with `prefix_last` the last Latin or
/// number word (a partial phone or case number). The same for every store.
pub(crate) fn search_terms(toks: Vec<(bool, String)>, prefix_last: bool) -> Vec<(String, bool)> {
    let n = toks.len();
    toks.into_iter()
        .enumerate()
        .map(|(i, (cjk, w))| {
            let prefix = (cjk && w.chars().count() == 1) || (prefix_last && !cjk && i + 1 == n);
            (w, prefix)
        })
        .collect()
}

/// The FTS5 terms of `toks`, all required; with `prefix_last` the last Latin/number word is a prefix.
fn terms(toks: Vec<(bool, String)>, prefix_last: bool) -> Option<String> {
    let terms: Vec<String> = search_terms(toks, prefix_last)
        .into_iter()
        .map(|(w, prefix)| format!("\"{}\"{}", w.replace('"', "\"\""), if prefix { "*" } else { "" }))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

/// The words of `text` as [`index_text`] splits them, for stores that take them as a list
/// (PostgreSQL's tsvector): without repeats, in order.
pub fn index_words(parts: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for p in parts {
        for (_, w) in tokens(p) {
            if !words.contains(&w) {
                words.push(w);
            }
        }
    }
    words
}

/// A PostgreSQL tsquery (the text form, cast with `::tsquery`) that needs every word of `text`,
/// the last Latin/number word as a prefix, as [`match_query`] does for FTS5; `None` if nothing
/// to search. Each word is quoted, so nothing in it is read as an operator.
pub fn tsquery(text: &str) -> Option<String> {
    tsquery_of(tokens(text), true)
}

fn tsquery_of(toks: Vec<(bool, String)>, prefix_last: bool) -> Option<String> {
    let terms: Vec<String> = search_terms(toks, prefix_last)
        .into_iter()
        .map(|(w, prefix)| format!("'{}'{}", w.replace('\\', "\\\\").replace('\'', "''"), if prefix { ":*" } else { "" }))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" & "))
    }
}

/// The tsquery of every word of `text` but the last (the phone tail's other words); `None` if
/// there are none.
pub fn tsquery_but_last(text: &str) -> Option<String> {
    let mut toks = tokens(text);
    toks.pop();
    tsquery_of(toks, false)
}

/// The shortest phone tail (尾号) a search looks for: fewer digits would match too many phones.
pub const MIN_PHONE_TAIL: usize = 4;

/// The last word of `text` when it can be the end of a phone number: 4 to 20 digits, on their
/// own (after a space or nothing). Digits joined to other text are not: `TS-2026-000123` is a
/// case number, not a search for phones ending 000123.
pub fn phone_tail(text: &str) -> Option<String> {
    let last = text.split_whitespace().last()?;
    ((MIN_PHONE_TAIL..=20).contains(&last.len()) && last.bytes().all(|b| b.is_ascii_digit())).then(|| last.to_string())
}

/// A subquery (one column of case ids) of the cases `text` finds, and its parameters; `None` if
/// nothing to search. Every word must match the index, the last as a prefix; when the last word
/// is 4 or more digits, a case whose phone ends with them matches too, if the other words do.
/// The tail is looked up through `cases_phone_tail` (an index of each phone's last four
/// characters, schema 10), so it costs an index range, not a scan. The same search on either
/// store: FTS5 on SQLite, a tsquery on PostgreSQL.
pub fn text_ids(text: &str, dialect: Dialect) -> Option<(String, Vec<Value>)> {
    let (index_match, tail4) = match dialect {
        Dialect::Sqlite => ("SELECT rowid FROM case_search WHERE case_search MATCH ?", "substr(customer_phone, -4) = ?"),
        // The store's own function reads the index by its words (under the people's row rules it
        // could not), for the cases one may see; every hit (no limit).
        Dialect::Postgres => ("SELECT complaintdesk_search(?::text::tsquery, NULL)", "right(customer_phone, 4) = ?"),
    };
    let (full, rest) = match dialect {
        Dialect::Sqlite => (match_query(text)?, { let mut t = tokens(text); t.pop(); terms(t, false) }),
        Dialect::Postgres => (tsquery(text)?, tsquery_but_last(text)),
    };
    let mut sql = String::from(index_match);
    let mut args = vec![Value::Text(full)];
    if let Some(tail) = phone_tail(text) {
        let last4 = tail[tail.len() - MIN_PHONE_TAIL..].to_string();
        // The index's own expression, literally, so that the database uses it.
        let ends = match dialect {
            Dialect::Sqlite => "substr(customer_phone, ?) = ?",
            Dialect::Postgres => "right(customer_phone, ?) = ?",
        };
        sql.push_str(&format!(" UNION SELECT id FROM cases WHERE customer_phone IS NOT NULL AND {tail4} AND {ends}"));
        args.push(Value::Text(last4));
        args.push(Value::Int(match dialect {
            Dialect::Sqlite => -(tail.len() as i64),
            Dialect::Postgres => tail.len() as i64,
        }));
        args.push(Value::Text(tail));
        if let Some(rest) = rest {
            // SQLite checks each of the few tail matches against the index by its rowid, rather
            // than reading every case the other words find (all of them, for 客户).
            match dialect {
                Dialect::Sqlite => sql.push_str(" AND EXISTS (SELECT 1 FROM case_search WHERE case_search MATCH ? AND rowid = cases.id)"),
                Dialect::Postgres => sql.push_str(&format!(" AND id IN ({index_match})")),
            }
            args.push(Value::Text(rest));
        }
    }
    Some((sql, args))
}

/// When `text` is digits alone: the phones that begin with them, as a range of the phone index
/// (its start, and the first phone past them: the last digit that is not a 9, one up; none if
/// all are 9s). Each such phone is a hit of the search (the phone is among its case's words), so
/// a store can count a common prefix's hits off the phone index, without the words' index,
/// whose prefix search reads every word that begins so.
pub fn phones_starting(text: &str) -> Option<(String, String)> {
    match tokens(text).as_slice() {
        [(false, digits)] if digits.bytes().all(|b| b.is_ascii_digit()) => {
            let last = digits.rfind(|c| c != '9')?;
            Some((digits.clone(), format!("{}{}", &digits[..last], (digits.as_bytes()[last] + 1) as char)))
        }
        _ => None,
    }
}

/// A text search on PostgreSQL for a list that walks its own order: its words bound once (a
/// `words(q, rest)` row that the rest of the statement reads), its hits up to a limit, and a
/// condition that tests one case `c` by its id. The same cases as [`text_ids`] finds.
pub struct PgText {
    full: String,
    rest: Option<String>,
    tail: Option<String>,
    /// The start and end (excluded) of the phones that begin with the query, when it is digits
    /// alone: each such phone is a hit, read off the phone index.
    phones: Option<(String, String)>,
}

impl PgText {
    /// `None` if `text` has nothing to search.
    pub fn of(text: &str) -> Option<PgText> {
        Some(PgText { full: tsquery(text)?, rest: tsquery_but_last(text), tail: phone_tail(text), phones: phones_starting(text) })
    }

    /// The common tables of the search, and their parameters: `words(q, rest)`, the words bound
    /// once, and `found(id)`, the cases found, up to `limit`. Reading the words' hits costs a row
    /// of the index each, and the phone tail's are few. A query of digits alone finds every phone
    /// that begins with them, which the phone index lists without the words' index (whose
    /// prefix search reads every word that begins so: 30 ms for 50,000 phones): when those fill
    /// the limit, the words' hits are not read at all.
    pub fn found(&self, limit: i64) -> (String, Vec<Value>) {
        let mut sql = "words(q, rest) AS MATERIALIZED (SELECT ?::text::tsquery, ?::text::tsquery), ".to_string();
        // The other words are asked of a phone tail's cases alone.
        let rest = self.rest.clone().filter(|_| self.tail.is_some());
        let mut args = vec![Value::Text(self.full.clone()), rest.map_or(Value::Null, Value::Text)];
        let mut ids = format!("SELECT complaintdesk_search((SELECT q FROM words), {limit})");
        if let Some((from, to)) = &self.phones {
            sql.push_str(&format!("phones(id) AS MATERIALIZED (SELECT c.id FROM cases c WHERE c.customer_phone >= ? AND c.customer_phone < ? LIMIT {limit}), "));
            args.extend([Value::Text(from.clone()), Value::Text(to.clone())]);
            ids = format!("SELECT id FROM phones UNION {ids} WHERE (SELECT count(*) FROM phones) < {limit}");
        }
        if let Some((tail, tail_args)) = self.tail(&Self::words_of_case("rest")) {
            ids.push_str(&format!(" UNION SELECT c.id FROM cases c WHERE {tail}"));
            args.extend(tail_args);
        }
        sql.push_str(&format!("found(id) AS MATERIALIZED (SELECT id FROM ({ids}) AS f(id) LIMIT {limit})"));
        (sql, args)
    }

    /// The phone tail's condition on `c` and its parameters, with `rest` (the other words) the
    /// condition that they match.
    fn tail(&self, rest: &str) -> Option<(String, Vec<Value>)> {
        let tail = self.tail.as_ref()?;
        let mut sql = "c.customer_phone IS NOT NULL AND right(c.customer_phone, 4) = ? AND right(c.customer_phone, ?) = ?".to_string();
        if self.rest.is_some() {
            sql.push_str(&format!(" AND {rest}"));
        }
        Some((sql, vec![Value::Text(tail[tail.len() - MIN_PHONE_TAIL..].to_string()), Value::Int(tail.len() as i64), Value::Text(tail.clone())]))
    }

    /// The condition that holds for a case `c` that the search finds, tested by its id.
    pub fn test(&self) -> (String, Vec<Value>) {
        match self.tail(&Self::words_of_case("rest")) {
            Some((tail, args)) => (format!("({} OR ({tail}))", Self::words_of_case("q")), args),
            None => (Self::words_of_case("q"), Vec::new()),
        }
    }

    /// Whether the words of case `c` match the query `q` or `rest` of `words`: its row of the
    /// index, found by the case's id (null: it has none).
    fn words_of_case(query: &str) -> String {
        format!("(SELECT s.body @@ (SELECT {query} FROM words) FROM case_search s WHERE s.case_id = c.id)")
    }
}

/// The ids of the cases `text` finds, in order, on either store.
pub fn case_ids(db: &(impl super::db::Db + ?Sized), text: &str) -> crate::domain::DeskResult<Vec<i64>> {
    let Some((ids, args)) = text_ids(text, db.dialect()) else { return Ok(Vec::new()) };
    db.rows(&format!("SELECT * FROM ({ids}) AS found ORDER BY 1"), &args)?.iter().map(|r| r.int_at(0)).collect()
}

/// The most words a similar-cases search asks for: the first of the case's own.
const SIMILAR_WORDS: usize = 24;

/// The closed cases most like `text` (any of its words; the search index's ranking: FTS5's bm25
/// on SQLite, ts_rank on PostgreSQL through the store's function, for the cases one may see),
/// best first, without `except`, at most `limit`: (id, score, higher is closer).
pub fn similar(db: &(impl super::db::Db + ?Sized), text: &str, except: i64, statuses: &[String], limit: usize) -> crate::domain::DeskResult<Vec<(i64, f64)>> {
    let mut words: Vec<String> = Vec::new();
    for (_, w) in tokens(text) {
        // Single characters and short numbers say little about what a case is about.
        if w.chars().count() >= 2 && !words.contains(&w) && words.len() < SIMILAR_WORDS {
            words.push(w);
        }
    }
    if words.is_empty() || statuses.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; statuses.len()].join(", ");
    let (sql, query) = match db.dialect() {
        Dialect::Sqlite => (
            format!(
                "SELECT c.id AS id, -s.score AS score FROM (SELECT rowid AS id, bm25(case_search) AS score FROM case_search
                   WHERE case_search MATCH ? ORDER BY score LIMIT 500) AS s JOIN cases c ON c.id = s.id
                 WHERE c.id <> ? AND c.status IN ({marks}) ORDER BY s.score, c.id DESC LIMIT ?"
            ),
            words.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" OR "),
        ),
        Dialect::Postgres => (
            format!(
                "SELECT c.id AS id, s.score::float8 AS score FROM complaintdesk_similar(?::text::tsquery, 500) AS s JOIN cases c ON c.id = s.case_id
                 WHERE c.id <> ? AND c.status IN ({marks}) ORDER BY s.score DESC, c.id DESC LIMIT ?"
            ),
            words.iter().map(|w| format!("'{}'", w.replace('\\', "\\\\").replace('\'', "''"))).collect::<Vec<_>>().join(" | "),
        ),
    };
    let mut args = vec![Value::Text(query), Value::Int(except)];
    args.extend(statuses.iter().map(|s| Value::Text(s.clone())));
    args.push(Value::Int(limit as i64));
    db.rows(&sql, &args)?.iter().map(|r| Ok((r.int("id")?, r.float("score")?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_become_bigrams_and_latin_words_stay_whole() {
        assert_eq!(index_text(&["电梯坏了"]), "电梯 梯坏 坏了");
        assert_eq!(index_text(&["3号楼Elevator停运"]), "3 号楼 elevator 停运");
        assert_eq!(index_text(&["TS-2026-000123"]), "ts 2026 000123");
    }

    #[test]
    fn queries_are_quoted_and_the_last_latin_word_is_a_prefix() {
        assert_eq!(match_query("电梯").as_deref(), Some("\"电梯\""));
        assert_eq!(match_query("电梯 1380013").as_deref(), Some("\"电梯\" \"1380013\"*"));
        assert_eq!(match_query("漏").as_deref(), Some("\"漏\"*"), "a single character searches as a prefix");
        assert_eq!(match_query("  ，。 "), None, "punctuation alone searches nothing");
        assert_eq!(match_query("a\"b").as_deref(), Some("\"a\" \"b\"*"), "quotes cannot break out of a term");
    }

    #[test]
    fn the_postgresql_query_needs_the_same_words_with_the_same_prefixes() {
        assert_eq!(tsquery("电梯").as_deref(), Some("'电梯'"));
        assert_eq!(tsquery("电梯 1380013").as_deref(), Some("'电梯' & '1380013':*"));
        assert_eq!(tsquery("漏").as_deref(), Some("'漏':*"), "a single character searches as a prefix");
        assert_eq!(tsquery("  ，。 "), None);
        assert_eq!(tsquery("it's a&b|!c").as_deref(), Some("'it' & 's' & 'a' & 'b' & 'c':*"), "operators are not words");
        assert_eq!(tsquery_but_last("电梯 38000").as_deref(), Some("'电梯'"));
        assert_eq!(tsquery_but_last("38000"), None);
        assert_eq!(index_words(&["电梯坏了", "电梯"]), vec!["电梯", "梯坏", "坏了"], "each word once");
    }

    #[test]
    fn digits_alone_are_also_looked_up_as_the_start_of_phones() {
        let phones = phones_starting;
        assert_eq!(phones("1390001"), Some(("1390001".into(), "1390002".into())));
        assert_eq!(phones("1299"), Some(("1299".into(), "13".into())), "the first phone past 1299… is 13");
        assert_eq!(phones("999"), None, "no phone follows those of 9s alone in order");
        assert_eq!(phones("电梯 1390001"), None, "with other words a phone alone is no hit");
        assert_eq!(phones("a1390001"), None);
        let (sql, args) = PgText::of("1390001").unwrap().found(1001);
        assert!(sql.contains("WHERE (SELECT count(*) FROM phones) < 1001"), "the words' index is read only when the phones do not fill the limit: {sql}");
        assert_eq!(args.len(), 2 + 2 + 3, "the words, the phones' range, the tail");
    }

    #[test]
    fn only_a_last_word_of_four_or_more_digits_is_a_phone_tail() {
        for (text, tail) in [
            ("8000", Some("8000")),
            ("电梯 138000", Some("138000")),
            ("138-8000", None),
            ("TS-2026-000123", None),
            ("电梯8000", None),
            ("800", None),
            ("8000 电梯", None),
            ("a8000", None),
            ("123456789012345678901", None),
        ] {
            assert_eq!(phone_tail(text).as_deref(), tail, "{text:?}");
        }
    }

    #[test]
    fn a_tail_search_adds_the_phone_index_and_keeps_the_other_words() {
        let (sql, args) = text_ids("电梯 38000", Dialect::Sqlite).unwrap();
        assert!(sql.contains("substr(customer_phone, -4) = ?"), "the tail goes through the index of last four characters: {sql}");
        assert_eq!(
            args,
            vec![
                Value::Text("\"电梯\" \"38000\"*".into()),
                Value::Text("8000".into()),
                Value::Int(-5),
                Value::Text("38000".into()),
                Value::Text("\"电梯\"".into()),
            ],
            "the whole query, the last four digits, the tail's length and digits, then the other words"
        );
        let (sql, args) = text_ids("电梯", Dialect::Sqlite).unwrap();
        assert!(!sql.contains("UNION"), "a search without digits is the index alone");
        assert_eq!(args.len(), 1);
    }
}
