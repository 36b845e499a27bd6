//! The seam under the store's operations: one trait, [`Db`], over the desk's SQLite connection
//! and a PostgreSQL transaction or connection. An operation is written once, in the SQL both
//! understand (`?1`-style parameters, rewritten to `$1` for PostgreSQL; `RETURNING`; no
//! `ON CONFLICT`, no `INSERT OR …`), and asks [`Db::dialect`] where the two differ (search,
//! date arithmetic). Values cross as [`Value`]s: integers (times in milliseconds, money in fen,
//! flags 0/1), reals, text and bytes, as SQLite stores them; the PostgreSQL side converts to and
//! from its column types. The caller owns the transaction: `Db` only runs statements in it.
//!
//! The operations move onto the seam module by module (`meta` and `users` so far); the rest still
//! take a `rusqlite::Connection`, which is a `Db` too, so callers do not change.
use std::cell::RefCell;

use postgres::types::{ToSql, Type};

use crate::domain::{DeskError, DeskResult};

/// Which SQL a [`Db`] speaks, for the few statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A value in or out of a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl From<rusqlite::types::Value> for Value {
    fn from(v: rusqlite::types::Value) -> Value {
        match v {
            rusqlite::types::Value::Null => Value::Null,
            rusqlite::types::Value::Integer(i) => Value::Int(i),
            rusqlite::types::Value::Real(f) => Value::Real(f),
            rusqlite::types::Value::Text(t) => Value::Text(t),
            rusqlite::types::Value::Blob(b) => Value::Blob(b),
        }
    }
}

/// A result row: its values by position, and its column names.
#[derive(Debug, Clone)]
pub struct Row {
    names: std::rc::Rc<Vec<String>>,
    values: Vec<Value>,
}

impl Row {
    fn at(&self, column: &str) -> DeskResult<&Value> {
        let i = self.names.iter().position(|n| n == column).ok_or_else(|| DeskError::storage(format!("结果中没有列 {column}")))?;
        Ok(&self.values[i])
    }

    fn wrong(column: &str, want: &str, v: &Value) -> DeskError {
        DeskError::storage(format!("列 {column} 应为{want}，读到 {v:?}"))
    }

    /// The integer in the `i`th column, whatever its name (a subquery's one column).
    pub fn int_at(&self, i: usize) -> DeskResult<i64> {
        match self.values.get(i) {
            Some(Value::Int(v)) => Ok(*v),
            v => Err(DeskError::storage(format!("第 {} 列应为整数，读到 {v:?}", i + 1))),
        }
    }

    pub fn opt_int(&self, column: &str) -> DeskResult<Option<i64>> {
        match self.at(column)? {
            Value::Null => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            v => Err(Row::wrong(column, "整数", v)),
        }
    }

    pub fn int(&self, column: &str) -> DeskResult<i64> {
        self.opt_int(column)?.ok_or_else(|| DeskError::storage(format!("列 {column} 为空")))
    }

    /// A real number (an integer reads as one).
    pub fn float(&self, column: &str) -> DeskResult<f64> {
        match self.at(column)? {
            Value::Real(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            v => Err(Row::wrong(column, "数", v)),
        }
    }

    pub fn bool(&self, column: &str) -> DeskResult<bool> {
        Ok(self.int(column)? != 0)
    }

    pub fn opt_bool(&self, column: &str) -> DeskResult<Option<bool>> {
        Ok(self.opt_int(column)?.map(|i| i != 0))
    }

    /// A count or small number that cannot be negative.
    pub fn uint(&self, column: &str) -> DeskResult<u32> {
        let i = self.int(column)?;
        u32::try_from(i).map_err(|_| DeskError::storage(format!("列 {column} 的值 {i} 超出范围")))
    }

    pub fn opt_text(&self, column: &str) -> DeskResult<Option<String>> {
        match self.at(column)? {
            Value::Null => Ok(None),
            Value::Text(t) => Ok(Some(t.clone())),
            v => Err(Row::wrong(column, "文本", v)),
        }
    }

    /// Each column's name and value, in the row's order.
    pub fn columns(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.names.iter().map(String::as_str).zip(&self.values)
    }

    pub fn blob(&self, column: &str) -> DeskResult<Vec<u8>> {
        match self.at(column)? {
            Value::Blob(b) => Ok(b.clone()),
            v => Err(Row::wrong(column, "字节", v)),
        }
    }

    pub fn text(&self, column: &str) -> DeskResult<String> {
        self.opt_text(column)?.ok_or_else(|| DeskError::storage(format!("列 {column} 为空")))
    }
}

/// Runs statements on one of the two databases, inside the caller's transaction (or outside any,
/// for reads).
pub trait Db {
    fn dialect(&self) -> Dialect;
    /// Runs a statement; the number of rows it changed.
    fn exec(&self, sql: &str, args: &[Value]) -> DeskResult<u64>;
    /// Runs a query; every row.
    fn rows(&self, sql: &str, args: &[Value]) -> DeskResult<Vec<Row>>;
    /// The first row, if any.
    fn row(&self, sql: &str, args: &[Value]) -> DeskResult<Option<Row>> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }
}

/// A value as SQLite's own, for the statements not yet on the seam (and the benchmarks' raw twins).
pub fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(i) => rusqlite::types::Value::Integer(*i),
        Value::Real(f) => rusqlite::types::Value::Real(*f),
        Value::Text(t) => rusqlite::types::Value::Text(t.clone()),
        Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
    }
}

impl Db for rusqlite::Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn exec(&self, sql: &str, args: &[Value]) -> DeskResult<u64> {
        let n = self.prepare_cached(sql)?.execute(rusqlite::params_from_iter(args.iter().map(to_sqlite)))?;
        Ok(n as u64)
    }

    fn rows(&self, sql: &str, args: &[Value]) -> DeskResult<Vec<Row>> {
        let mut stmt = self.prepare_cached(sql)?;
        let names = std::rc::Rc::new(stmt.column_names().map(str::to_string).collect::<Vec<_>>());
        let width = names.len();
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter().map(to_sqlite)), |r| {
            let values = (0..width)
                .map(|i| {
                    Ok(Value::from(r.get::<_, rusqlite::types::Value>(i)?))
                })
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Row { names: names.clone(), values })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A SQLite transaction runs statements as its connection does.
impl Db for rusqlite::Transaction<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn exec(&self, sql: &str, args: &[Value]) -> DeskResult<u64> {
        (**self).exec(sql, args)
    }
    fn rows(&self, sql: &str, args: &[Value]) -> DeskResult<Vec<Row>> {
        (**self).rows(sql, args)
    }
}

/// Statements already prepared on a connection, by their SQL: each is parsed once per
/// connection, not once per run (a round trip to the server saved each time).
pub type Prepared = RefCell<std::collections::HashMap<String, postgres::Statement>>;

/// A PostgreSQL transaction or connection as a [`Db`].
pub struct Pg<'a, C: postgres::GenericClient> {
    client: RefCell<&'a mut C>,
    prepared: Option<&'a Prepared>,
}

impl<'a, C: postgres::GenericClient> Pg<'a, C> {
    pub fn new(client: &'a mut C) -> Self {
        Pg { client: RefCell::new(client), prepared: None }
    }

    /// As [`Pg::new`], keeping each statement prepared in `prepared` (which belongs to the
    /// connection `client` is, or is a transaction of).
    pub fn reusing(client: &'a mut C, prepared: &'a Prepared) -> Self {
        Pg { client: RefCell::new(client), prepared: Some(prepared) }
    }
}

/// `?1`-style parameters as PostgreSQL's `$1`; text in quotes is left alone.
pub fn numbered_for_postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quoted = false;
    let mut next = 0;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    next += 1;
                    digits = next.to_string();
                }
                out.push('$');
                out.push_str(&digits);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A value bound to a statement's parameter of type `ty` (what PostgreSQL's driver needs; also
/// the benchmarks' raw-SQL twins).
pub fn to_pg(v: &Value, ty: &Type) -> DeskResult<Box<dyn ToSql + Sync>> {
    let wrong = || DeskError::storage(format!("值 {v:?} 不能写入 {ty} 列"));
    Ok(match v {
        Value::Null if *ty == Type::INT8 => Box::new(None::<i64>),
        Value::Null if *ty == Type::INT4 => Box::new(None::<i32>),
        Value::Null if *ty == Type::INT2 => Box::new(None::<i16>),
        Value::Null if *ty == Type::FLOAT8 => Box::new(None::<f64>),
        Value::Null if *ty == Type::BYTEA => Box::new(None::<Vec<u8>>),
        Value::Null => Box::new(None::<String>),
        Value::Int(i) if *ty == Type::INT8 => Box::new(*i),
        Value::Int(i) if *ty == Type::INT4 => Box::new(i32::try_from(*i).map_err(|_| wrong())?),
        Value::Int(i) if *ty == Type::INT2 => Box::new(i16::try_from(*i).map_err(|_| wrong())?),
        Value::Int(i) if *ty == Type::FLOAT8 => Box::new(*i as f64),
        Value::Int(i) if *ty == Type::TEXT => Box::new(i.to_string()),
        Value::Real(f) if *ty == Type::FLOAT8 => Box::new(*f),
        Value::Text(t) if *ty == Type::TEXT || *ty == Type::VARCHAR => Box::new(t.clone()),
        Value::Blob(b) if *ty == Type::BYTEA => Box::new(b.clone()),
        _ => return Err(wrong()),
    })
}

fn from_pg(row: &postgres::Row, i: usize) -> DeskResult<Value> {
    let ty = row.columns()[i].type_().clone();
    let bad = |e: postgres::Error| DeskError::storage(format!("读不出 {ty} 列：{e}"));
    Ok(if ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(i).map_err(bad)?.map_or(Value::Null, Value::Int)
    } else if ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(i).map_err(bad)?.map_or(Value::Null, |v| Value::Int(v.into()))
    } else if ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(i).map_err(bad)?.map_or(Value::Null, |v| Value::Int(v.into()))
    } else if ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(i).map_err(bad)?.map_or(Value::Null, |v| Value::Int(v.into()))
    } else if ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(i).map_err(bad)?.map_or(Value::Null, Value::Real)
    } else if ty == Type::BYTEA {
        row.try_get::<_, Option<Vec<u8>>>(i).map_err(bad)?.map_or(Value::Null, Value::Blob)
    } else {
        row.try_get::<_, Option<String>>(i).map_err(bad)?.map_or(Value::Null, Value::Text)
    })
}

impl<C: postgres::GenericClient> Pg<'_, C> {
    fn prepared(&self, sql: &str, args: &[Value]) -> DeskResult<(postgres::Statement, Vec<Box<dyn ToSql + Sync>>)> {
        let known = self.prepared.and_then(|p| p.borrow().get(sql).cloned());
        let stmt = match known {
            Some(stmt) => stmt,
            None => {
                let stmt = self.client.borrow_mut().prepare(&numbered_for_postgres(sql)).map_err(|e| super::pg::lost_race_on_key(&e))?;
                if let Some(p) = self.prepared {
                    p.borrow_mut().insert(sql.to_string(), stmt.clone());
                }
                stmt
            }
        };
        let params = args.iter().zip(stmt.params()).map(|(v, ty)| to_pg(v, ty)).collect::<DeskResult<Vec<_>>>()?;
        Ok((stmt, params))
    }
}

impl<C: postgres::GenericClient> Db for Pg<'_, C> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn exec(&self, sql: &str, args: &[Value]) -> DeskResult<u64> {
        let (stmt, params) = self.prepared(sql, args)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
        self.client.borrow_mut().execute(&stmt, &refs).map_err(|e| super::pg::lost_race_on_key(&e))
    }

    fn rows(&self, sql: &str, args: &[Value]) -> DeskResult<Vec<Row>> {
        let (stmt, params) = self.prepared(sql, args)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
        let names = std::rc::Rc::new(stmt.columns().iter().map(|c| c.name().to_string()).collect::<Vec<_>>());
        let rows = self.client.borrow_mut().query(&stmt, &refs).map_err(|e| super::pg::lost_race_on_key(&e))?;
        rows.iter()
            .map(|r| Ok(Row { names: names.clone(), values: (0..names.len()).map(|i| from_pg(r, i)).collect::<DeskResult<_>>()? }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::numbered_for_postgres;

    #[test]
    fn parameters_are_numbered_for_postgresql_outside_quotes() {
        assert_eq!(numbered_for_postgres("SELECT a FROM t WHERE b = ?2 AND c = ?1"), "SELECT a FROM t WHERE b = $2 AND c = $1");
        assert_eq!(numbered_for_postgres("INSERT INTO t VALUES (?, ?)"), "INSERT INTO t VALUES ($1, $2)");
        assert_eq!(numbered_for_postgres("SELECT '?1' || ?1"), "SELECT '?1' || $1", "a question mark in quotes stays");
    }
}
