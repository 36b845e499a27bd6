//! Chinese full-text search without a dictionary: CJK runs become overlapping bigrams (电梯坏了 →
//! 电梯 梯坏 坏了), the way Lucene's CJK analyzer does, so two-character words match; other text
//! is left to FTS5's unicode61 tokenizer.

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
    let toks = tokens(text);
    let n = toks.len();
    let terms: Vec<String> = toks
        .into_iter()
        .enumerate()
        .map(|(i, (cjk, w))| {
            let quoted = format!("\"{}\"", w.replace('"', "\"\""));
            let single_cjk = cjk && w.chars().count() == 1;
            if single_cjk || (!cjk && i + 1 == n) {
                format!("{quoted}*")
            } else {
                quoted
            }
        })
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
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
}
