//! Neutralising untrusted text before it is logged.
//!
//! A datagram or a D-Bus string may contain newlines, escape sequences or bytes that are
//! not UTF-8. Logged verbatim they forge log lines or drive the terminal of whoever reads
//! the log. Every byte outside printable text becomes a visible `\xNN` escape.

/// Returns `input` with control characters (C0, DEL, C1) and invalid UTF-8 escaped as
/// `\xNN`, and backslashes doubled so the escaping is unambiguous. The result is cut to
/// at most `max_chars` characters, with `…` marking the cut.
pub fn escape_untrusted(input: &[u8], max_chars: usize) -> String {
    let mut out = String::with_capacity(input.len().min(max_chars) + 8);
    let mut count = 0usize;
    let mut push = |out: &mut String, piece: &str| -> bool {
        if count >= max_chars {
            return false;
        }
        out.push_str(piece);
        count += 1;
        true
    };
    for chunk in input.utf8_chunks() {
        for ch in chunk.valid().chars() {
            let ok = if ch == '\\' {
                push(&mut out, "\\\\")
            } else if ch.is_control() {
                // is_control covers C0, DEL and C1 (U+0080..U+009F).
                let mut buf = String::new();
                let mut tmp = [0u8; 4];
                for b in ch.encode_utf8(&mut tmp).bytes() {
                    buf.push_str(&format!("\\x{b:02x}"));
                }
                push(&mut out, &buf)
            } else if matches!(ch, '\u{2028}' | '\u{2029}' | '\u{202e}' | '\u{feff}') {
                // Line/paragraph separators and bidi override: also line or display tricks.
                push(&mut out, &format!("\\u{{{:04x}}}", ch as u32))
            } else {
                let mut tmp = [0u8; 4];
                push(&mut out, ch.encode_utf8(&mut tmp))
            };
            if !ok {
                out.push('…');
                return out;
            }
        }
        for b in chunk.invalid() {
            if !push(&mut out, &format!("\\x{b:02x}")) {
                out.push('…');
                return out;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(escape_untrusted(b"STATUS=ready ok", 100), "STATUS=ready ok");
    }

    #[test]
    fn newlines_escapes_and_invalid_utf8_are_neutralised() {
        let s = escape_untrusted(b"a\nfake[1]: root login\x1b[2J\xff\\", 100);
        assert_eq!(s, "a\\x0afake[1]: root login\\x1b[2J\\xff\\\\");
        assert!(!s.chars().any(char::is_control));
    }

    #[test]
    fn c1_controls_and_bidi_are_escaped() {
        let s = escape_untrusted("x\u{85}y\u{202e}z".as_bytes(), 100);
        assert_eq!(s, "x\\xc2\\x85y\\u{202e}z");
    }

    #[test]
    fn long_input_is_cut() {
        let s = escape_untrusted(&[b'a'; 50], 10);
        assert_eq!(s, "aaaaaaaaaa…");
    }
}
