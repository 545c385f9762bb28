//! The `filter` mini-language of `search_tasks` and `get_costs`.
//!
//! Grammar (the vendor's, as documented): comparisons such as `name has 'x'`, `name = 'x'`,
//! `project = 12`, `id in (1, 2)`, `dateend > '25.05.2021'`, grouped with parentheses and joined
//! with lower-case `and` / `or` (`and` binds tighter). Upper-case `AND`/`OR` are a syntax error,
//! as on the real service. Each action supplies a schema (field name → kind); a field outside it,
//! or an operator that does not fit the field's kind, is an error too, so clients learn about
//! unsupported filters instead of silently getting everything.

use chrono::NaiveDate;

/// Deepest parenthesis nesting accepted: keeps hostile input from exhausting the stack.
const MAX_DEPTH: usize = 32;

/// The kind of a filterable field, which decides the operators it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// Integer ids: `=`, `!=`, `<`, `<=`, `>`, `>=`, `in (…)`.
    Int,
    /// Strings: `=` (whole value) and `has` (substring), both case-insensitive.
    Text,
    /// Dates written `'DD.MM.YYYY'`: the relational operators.
    Date,
}

/// A record's value for one field, as the evaluator sees it.
pub(crate) enum FieldValue<'a> {
    Int(i64),
    Text(&'a str),
    /// `None` when the record has no such date (e.g. an open task's close date): never matches.
    Date(Option<NaiveDate>),
}

/// Something a compiled filter can be evaluated against.
pub(crate) trait Record {
    /// The value of `field`; only called with fields of the schema the filter was compiled with.
    fn field(&self, field: &str) -> Option<FieldValue<'_>>;
}

/// A relational operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn from_symbol(symbol: &str) -> Option<Self> {
        Some(match symbol {
            "=" => Self::Eq,
            "!=" => Self::Ne,
            "<" => Self::Lt,
            "<=" => Self::Le,
            ">" => Self::Gt,
            ">=" => Self::Ge,
            _ => return None,
        })
    }

    fn holds<T: Ord>(self, left: &T, right: &T) -> bool {
        match self {
            Self::Eq => left == right,
            Self::Ne => left != right,
            Self::Lt => left < right,
            Self::Le => left <= right,
            Self::Gt => left > right,
            Self::Ge => left >= right,
        }
    }
}

/// A compiled, type-checked filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Condition {
    /// Every part holds (`a and b and …`). Chains are flat vectors, not nested pairs, so a
    /// long chain cannot make evaluation or dropping recurse deeply.
    All(Vec<Condition>),
    /// Some part holds (`a or b or …`).
    Any(Vec<Condition>),
    Int {
        field: String,
        op: CmpOp,
        value: i64,
    },
    IntIn {
        field: String,
        values: Vec<i64>,
    },
    /// `needle` is stored lower-cased; the comparison lower-cases the record's value.
    Text {
        field: String,
        whole: bool,
        needle: String,
    },
    Date {
        field: String,
        op: CmpOp,
        value: NaiveDate,
    },
}

impl Condition {
    /// Whether `record` satisfies the filter.
    pub(crate) fn matches(&self, record: &dyn Record) -> bool {
        match self {
            Self::All(parts) => parts.iter().all(|part| part.matches(record)),
            Self::Any(parts) => parts.iter().any(|part| part.matches(record)),
            Self::Int { field, op, value } => match record.field(field) {
                Some(FieldValue::Int(actual)) => op.holds(&actual, value),
                _ => false,
            },
            Self::IntIn { field, values } => match record.field(field) {
                Some(FieldValue::Int(actual)) => values.contains(&actual),
                _ => false,
            },
            Self::Text {
                field,
                whole,
                needle,
            } => match record.field(field) {
                Some(FieldValue::Text(actual)) => {
                    let actual = actual.to_lowercase();
                    if *whole {
                        actual == *needle
                    } else {
                        actual.contains(needle.as_str())
                    }
                }
                _ => false,
            },
            Self::Date { field, op, value } => match record.field(field) {
                Some(FieldValue::Date(Some(actual))) => op.holds(&actual, value),
                _ => false,
            },
        }
    }
}

/// Why a filter was refused; the text goes to the client in `message_details`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct FilterError(String);

/// Parses and type-checks `text` against `schema`.
pub(crate) fn compile(text: &str, schema: &[(&str, FieldKind)]) -> Result<Condition, FilterError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        schema,
    };
    let condition = parser.expression(0)?;
    match parser.peek() {
        None => Ok(condition),
        Some(token) => Err(FilterError(format!("unexpected {}", token.describe()))),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Comma,
    /// `=`, `!=`, `<`, `<=`, `>`, `>=`.
    Symbol(String),
    /// Field names and the keywords `and`, `or`, `has`, `in`.
    Word(String),
    Number(i64),
    Quoted(String),
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Self::Open => "'('".to_owned(),
            Self::Close => "')'".to_owned(),
            Self::Comma => "','".to_owned(),
            Self::Symbol(symbol) => format!("'{symbol}'"),
            Self::Word(word) if word == "AND" || word == "OR" => {
                format!("'{word}' (and/or must be lower-case)")
            }
            Self::Word(word) => format!("'{word}'"),
            Self::Number(number) => number.to_string(),
            Self::Quoted(text) => format!("'{text}'"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                tokens.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    _ => Token::Comma,
                });
            }
            '=' | '!' | '<' | '>' => {
                chars.next();
                let mut symbol = c.to_string();
                if chars.peek() == Some(&'=') && c != '=' {
                    chars.next();
                    symbol.push('=');
                }
                if symbol == "!" {
                    return Err(FilterError("'!' must be followed by '='".to_owned()));
                }
                tokens.push(Token::Symbol(symbol));
            }
            '\'' | '"' => {
                chars.next();
                let mut quoted = String::new();
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some(other) => quoted.push(other),
                        None => return Err(FilterError("unterminated quoted string".to_owned())),
                    }
                }
                tokens.push(Token::Quoted(quoted));
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut digits = String::new();
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() || (d == '-' && digits.is_empty()) {
                        digits.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let number = digits
                    .parse()
                    .map_err(|_| FilterError(format!("invalid number '{digits}'")))?;
                tokens.push(Token::Number(number));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut word = String::new();
                while let Some(&w) = chars.peek() {
                    if w.is_alphanumeric() || w == '_' {
                        word.push(w);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(word));
            }
            other => return Err(FilterError(format!("unexpected character '{other}'"))),
        }
    }
    if tokens.is_empty() {
        return Err(FilterError("empty filter".to_owned()));
    }
    Ok(tokens)
}

struct Parser<'s> {
    tokens: Vec<Token>,
    pos: usize,
    schema: &'s [(&'s str, FieldKind)],
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Result<Token, FilterError> {
        let token = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or_else(|| FilterError("unexpected end of filter".to_owned()))?;
        self.pos += 1;
        Ok(token)
    }

    fn next_is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w == word)
    }

    /// expression := conjunction ('or' conjunction)*
    fn expression(&mut self, depth: usize) -> Result<Condition, FilterError> {
        let mut parts = vec![self.conjunction(depth)?];
        while self.next_is_word("or") {
            self.pos += 1;
            parts.push(self.conjunction(depth)?);
        }
        Ok(joined(parts, Condition::Any))
    }

    /// conjunction := operand ('and' operand)*
    fn conjunction(&mut self, depth: usize) -> Result<Condition, FilterError> {
        let mut parts = vec![self.operand(depth)?];
        while self.next_is_word("and") {
            self.pos += 1;
            parts.push(self.operand(depth)?);
        }
        Ok(joined(parts, Condition::All))
    }

    /// operand := '(' expression ')' | comparison
    fn operand(&mut self, depth: usize) -> Result<Condition, FilterError> {
        if self.peek() != Some(&Token::Open) {
            return self.comparison();
        }
        if depth >= MAX_DEPTH {
            return Err(FilterError("parentheses nested too deeply".to_owned()));
        }
        self.pos += 1;
        let inner = self.expression(depth + 1)?;
        match self.next()? {
            Token::Close => Ok(inner),
            other => Err(FilterError(format!(
                "expected ')' but found {}",
                other.describe()
            ))),
        }
    }

    /// comparison := FIELD operator value, type-checked against the schema.
    fn comparison(&mut self) -> Result<Condition, FilterError> {
        let field = match self.next()? {
            Token::Word(word) => word,
            other => {
                return Err(FilterError(format!(
                    "expected a field name but found {}",
                    other.describe()
                )))
            }
        };
        let kind = self
            .schema
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, kind)| *kind)
            .ok_or_else(|| FilterError(format!("unknown field '{field}'")))?;
        let operator = self.next()?;
        match (kind, operator) {
            (FieldKind::Int, Token::Word(word)) if word == "in" => {
                let values = self.int_list()?;
                Ok(Condition::IntIn { field, values })
            }
            (FieldKind::Int, Token::Symbol(symbol)) => {
                let op = relational(&symbol)?;
                let value = self.int_value()?;
                Ok(Condition::Int { field, op, value })
            }
            (FieldKind::Text, Token::Word(word)) if word == "has" => Ok(Condition::Text {
                field,
                whole: false,
                needle: self.text_value()?.to_lowercase(),
            }),
            (FieldKind::Text, Token::Symbol(symbol)) if symbol == "=" => Ok(Condition::Text {
                field,
                whole: true,
                needle: self.text_value()?.to_lowercase(),
            }),
            (FieldKind::Date, Token::Symbol(symbol)) => {
                let op = relational(&symbol)?;
                let value = self.date_value()?;
                Ok(Condition::Date { field, op, value })
            }
            (_, other) => Err(FilterError(format!(
                "operator {} is not supported for field '{field}'",
                other.describe()
            ))),
        }
    }

    fn int_value(&mut self) -> Result<i64, FilterError> {
        match self.next()? {
            Token::Number(number) => Ok(number),
            Token::Quoted(text) => text
                .trim()
                .parse()
                .map_err(|_| FilterError(format!("expected a number but found '{text}'"))),
            other => Err(FilterError(format!(
                "expected a number but found {}",
                other.describe()
            ))),
        }
    }

    fn int_list(&mut self) -> Result<Vec<i64>, FilterError> {
        match self.next()? {
            Token::Open => {}
            other => {
                return Err(FilterError(format!(
                    "expected '(' after 'in' but found {}",
                    other.describe()
                )))
            }
        }
        let mut values = vec![self.int_value()?];
        loop {
            match self.next()? {
                Token::Comma => values.push(self.int_value()?),
                Token::Close => return Ok(values),
                other => {
                    return Err(FilterError(format!(
                        "expected ',' or ')' but found {}",
                        other.describe()
                    )))
                }
            }
        }
    }

    fn text_value(&mut self) -> Result<String, FilterError> {
        match self.next()? {
            Token::Quoted(text) => Ok(text),
            other => Err(FilterError(format!(
                "expected a quoted string but found {}",
                other.describe()
            ))),
        }
    }

    fn date_value(&mut self) -> Result<NaiveDate, FilterError> {
        let text = self.text_value()?;
        NaiveDate::parse_from_str(text.trim(), "%d.%m.%Y")
            .map_err(|_| FilterError(format!("expected a date 'DD.MM.YYYY' but found '{text}'")))
    }
}

/// One part stands for itself; several are joined by `join` (`Condition::All` / `Any`).
fn joined(mut parts: Vec<Condition>, join: fn(Vec<Condition>) -> Condition) -> Condition {
    if parts.len() == 1 {
        if let Some(only) = parts.pop() {
            return only;
        }
    }
    join(parts)
}

fn relational(symbol: &str) -> Result<CmpOp, FilterError> {
    CmpOp::from_symbol(symbol).ok_or_else(|| FilterError(format!("unknown operator '{symbol}'")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &[(&str, FieldKind)] = &[
        ("id", FieldKind::Int),
        ("project", FieldKind::Int),
        ("name", FieldKind::Text),
        ("dateend", FieldKind::Date),
    ];

    struct Row {
        id: i64,
        project: i64,
        name: &'static str,
        dateend: Option<NaiveDate>,
    }

    impl Record for Row {
        fn field(&self, field: &str) -> Option<FieldValue<'_>> {
            match field {
                "id" => Some(FieldValue::Int(self.id)),
                "project" => Some(FieldValue::Int(self.project)),
                "name" => Some(FieldValue::Text(self.name)),
                "dateend" => Some(FieldValue::Date(self.dateend)),
                _ => None,
            }
        }
    }

    fn row(id: i64, project: i64, name: &'static str) -> Row {
        Row {
            id,
            project,
            name,
            dateend: NaiveDate::from_ymd_opt(2021, 5, 27),
        }
    }

    fn matches(filter: &str, row: &Row) -> bool {
        compile(filter, SCHEMA)
            .expect("filter compiles")
            .matches(row)
    }

    #[test]
    fn has_is_case_insensitive_substring() {
        assert!(matches("name has 'report'", &row(1, 1, "Weekly Report")));
        assert!(!matches("name has 'approval'", &row(1, 1, "Weekly Report")));
    }

    #[test]
    fn equals_matches_whole_name_ignoring_case() {
        assert!(matches(
            "name = 'weekly report'",
            &row(1, 1, "Weekly Report")
        ));
        assert!(!matches("name = 'Report'", &row(1, 1, "Weekly Report")));
    }

    #[test]
    fn integer_fields_and_in_lists() {
        assert!(matches("project = 6214", &row(1, 6214, "x")));
        assert!(matches("project=6214", &row(1, 6214, "x")));
        assert!(!matches("project = 6215", &row(1, 6214, "x")));
        assert!(matches("id in (3, 1, 2)", &row(1, 6214, "x")));
        assert!(!matches("id in (3,2)", &row(1, 6214, "x")));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let r = row(1, 7, "Alpha");
        assert!(matches("name has 'zzz' and project = 1 or id = 1", &r));
        assert!(!matches("name has 'zzz' and (project = 1 or id = 1)", &r));
    }

    #[test]
    fn parentheses_and_dates_like_the_vendor_example() {
        let filter = "(name has 'Report' or name has 'Approval') and \
                      (dateend>'25.05.2021' and dateend<'31.05.2021')";
        assert!(matches(filter, &row(1, 1, "Approval of budget")));
        assert!(!matches(filter, &row(1, 1, "Budget")));
        let open_ended = Row {
            dateend: None,
            ..row(1, 1, "Report")
        };
        assert!(!matches(filter, &open_ended));
    }

    #[test]
    fn upper_case_keywords_are_rejected() {
        let err = compile("id = 1 AND id = 2", SCHEMA).expect_err("must fail");
        assert!(err.to_string().contains("lower-case"), "{err}");
    }

    #[test]
    fn unknown_fields_and_operators_are_rejected() {
        assert!(compile("owner = 3", SCHEMA).is_err());
        assert!(compile("name > 'a'", SCHEMA).is_err());
        assert!(compile("id has 'a'", SCHEMA).is_err());
        assert!(compile("dateend > '2021-05-01'", SCHEMA).is_err());
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        for bad in [
            "",
            "   ",
            "(",
            "name has",
            "name has 'x",
            "id in (1,",
            "id in 1",
            "id = 1 and",
            "id = 1)",
            "id ! 1",
            "id = 99999999999999999999999",
            "§",
        ] {
            assert!(compile(bad, SCHEMA).is_err(), "{bad:?} should fail");
        }
        let deep = format!("{}id = 1{}", "(".repeat(500), ")".repeat(500));
        assert!(compile(&deep, SCHEMA).is_err());
    }

    #[test]
    fn very_long_chains_do_not_recurse() {
        let chain = vec!["id = 1"; 200_000].join(" and ");
        assert!(matches(&chain, &row(1, 1, "x")));
        let chain = vec!["id = 2"; 200_000].join(" or ");
        assert!(!matches(&chain, &row(1, 1, "x")));
    }
}
