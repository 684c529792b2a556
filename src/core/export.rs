//! The one writer of exported files: CSV here, and the cell rule the spreadsheet exports use too.
//!
//! A spreadsheet program runs a text cell that begins with `=`, `+`, `-` or `@` (or a tab or a
//! carriage return before one) as a formula: a customer named `=HYPERLINK(...)` would become a
//! live link in the partner's spreadsheet. Following OWASP's rule, such text is written with a
//! leading `'`, which spreadsheets show as text. Numbers are typed cells and stay numbers.
//!
//! Personal data (names, e-mails, phones) leaves the portal masked: a file travels further than
//! the screen it came from. Only a caller holding `sales.data.unmask` may ask for it unmasked,
//! and that request is audited by the export that honours it.

use super::error::AppError;
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// One cell of an exported row.
pub enum Cell<'a> {
    /// Free text, possibly from users: neutralised if it could start a formula.
    Text(&'a str),
    /// A number (amounts, counts): written as is, negative ones included.
    Number(Decimal),
    /// A person's name, e-mail or phone: masked unless the export is unmasked.
    Personal(&'a str),
}

/// Personal data as a masked export shows it: enough to recognise a known name, not to learn
/// an unknown one. `zhangsan` → `z***n`, `王小明` → `王***明`, `张三` → `张*`,
/// `li@example.com` → `l***@example.com`, `13812345678` → `138****5678`.
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if let Some(at) = text.find('@') {
        let first: String = text[..at].chars().take(1).collect();
        return format!("{first}***{}", &text[at..]);
    }
    let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
    let phone_like = chars
        .iter()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '));
    if phone_like && digits >= 7 {
        let (head, tail): (String, String) = (
            chars[..3].iter().collect(),
            chars[chars.len() - 4..].iter().collect(),
        );
        return format!("{head}{}{tail}", "*".repeat(chars.len() - 7));
    }
    match chars.as_slice() {
        [] => String::new(),
        [_] => "*".into(),
        [first, _] => format!("{first}*"),
        [first, .., last] => format!("{first}***{last}"),
    }
}

/// The text of a personal cell as written: masked unless `unmasked`.
pub fn personal(text: &str, unmasked: bool) -> std::borrow::Cow<'_, str> {
    if unmasked {
        text.into()
    } else {
        mask(text).into()
    }
}

/// Whether a spreadsheet would read this text as the start of a formula.
pub fn starts_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        // The full-width forms too: some spreadsheets (WPS, Excel with East Asian input) read
        // `＝1+1` as a formula, and Chinese input methods type them by default.
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    )
}

/// The text as written into a cell.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if starts_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// CSV in UTF-8 with a byte-order mark (so spreadsheet programs read Chinese right), every text
/// cell neutralised: into memory (`new`, for small downloads) or into any writer (`to`, for a
/// file written as the rows stream in).
pub struct CsvWriter<W: std::io::Write = Vec<u8>> {
    out: csv::Writer<W>,
    unmasked: bool,
    /// A number's text, reused from cell to cell.
    number: String,
}

fn write_error(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "csv");
    AppError::Internal
}

impl CsvWriter<Vec<u8>> {
    pub fn new(header: &[&str]) -> Result<CsvWriter<Vec<u8>>, AppError> {
        CsvWriter::to(Vec::new(), header)
    }
}

impl<W: std::io::Write> CsvWriter<W> {
    pub fn to(mut out: W, header: &[&str]) -> Result<CsvWriter<W>, AppError> {
        out.write_all(b"\xEF\xBB\xBF").map_err(write_error)?;
        let mut writer = CsvWriter {
            out: csv::Writer::from_writer(out),
            unmasked: false,
            number: String::new(),
        };
        writer.text_row(header)?;
        Ok(writer)
    }

    /// Writes personal cells as they are: only for a caller allowed to unmask, audited.
    pub fn unmasked(mut self, unmasked: bool) -> Self {
        self.unmasked = unmasked;
        self
    }

    /// Writes a row field by field: a million-row export allocates nothing per cell but what
    /// a neutralised or masked cell needs.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), AppError> {
        for cell in cells {
            let written = match cell {
                Cell::Text(t) => self.out.write_field(neutralise(t).as_bytes()),
                Cell::Personal(t) => self
                    .out
                    .write_field(neutralise(&personal(t, self.unmasked)).as_bytes()),
                Cell::Number(n) => {
                    self.number.clear();
                    let _ = write!(self.number, "{n}"); // a String takes every write
                    self.out.write_field(self.number.as_bytes())
                }
            };
            written.map_err(write_error)?;
        }
        self.out.write_record(None::<&[u8]>).map_err(write_error)
    }

    /// A row of text cells only.
    pub fn text_row(&mut self, cells: &[&str]) -> Result<(), AppError> {
        let cells: Vec<Cell<'_>> = cells.iter().map(|t| Cell::Text(t)).collect();
        self.row(&cells)
    }

    pub fn finish(self) -> Result<W, AppError> {
        self.out.into_inner().map_err(write_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_numbers_kept() {
        let mut w = CsvWriter::new(&["name", "amount"]).unwrap();
        for name in [
            "=HYPERLINK(\"http://evil\")",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "张三",
            "a=b",
        ] {
            w.row(&[Cell::Text(name), Cell::Number(Decimal::new(-150, 2))])
                .unwrap();
        }
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "name,amount");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://evil\"\")\",-1.50");
        assert_eq!(lines[2], "'+1,-1.50");
        assert_eq!(lines[3], "'-1,-1.50");
        assert_eq!(lines[4], "'@SUM(A1),-1.50");
        assert_eq!(lines[5], "'\tx,-1.50");
        assert!(text.contains("\"'\rx\""));
        assert!(text.contains("张三,-1.50"));
        assert!(text.contains("a=b,-1.50"));
    }

    #[test]
    fn personal_data_is_masked_unless_unmasked() {
        assert_eq!(mask("zhangsan"), "z***n");
        assert_eq!(mask("王小明"), "王***明");
        assert_eq!(mask("张三"), "张*");
        assert_eq!(mask("x"), "*");
        assert_eq!(mask(""), "");
        assert_eq!(mask("li@example.com"), "l***@example.com");
        assert_eq!(mask("@example.com"), "***@example.com");
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("+86 138"), "+***8");
        for unmasked in [false, true] {
            let mut w = CsvWriter::new(&["name"]).unwrap().unmasked(unmasked);
            w.row(&[Cell::Personal("=zhangsan")]).unwrap();
            let text = String::from_utf8(w.finish().unwrap()).unwrap();
            let expected = if unmasked { "'=zhangsan" } else { "'=***n" };
            assert_eq!(
                text.trim_start_matches('\u{feff}').lines().nth(1),
                Some(expected)
            );
        }
    }

    #[test]
    fn full_width_formula_starts_are_neutralised_too() {
        for text in ["＝1+1", "＋1", "－1", "＠SUM(A1)"] {
            assert_eq!(neutralise(text), format!("'{text}"));
        }
        assert_eq!(neutralise("１＝１"), "１＝１");
    }
}
