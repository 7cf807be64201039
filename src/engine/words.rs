//! One vocabulary per enum: the words of a setting (`japan-ceil`, `ceil`, `published`) are the
//! names its serde attributes give its variants, and nothing else spells them. [`word`] reads a
//! variant's word back from serde, [`parse`] reads a word into a variant through serde, so the
//! JSON, the files and the tables can never disagree about a word.

use serde::Serialize;
use serde::de::{DeserializeOwned, IntoDeserializer, value::Error as DeError};
use serde::ser::{self, Impossible};
use std::fmt;

/// The word of a unit variant, as serde names it.
///
/// # Panics
///
/// When `v` is not a unit variant of an enum: a programming error, caught by the tests of each
/// enum that uses it.
pub fn word<T: Serialize>(v: &T) -> &'static str {
    v.serialize(WordOf).expect("word() is used only on enums of unit variants")
}

/// The variant a word names (`None` for a word that names none).
pub fn parse<T: DeserializeOwned>(s: &str) -> Option<T> {
    T::deserialize(IntoDeserializer::<DeError>::into_deserializer(s)).ok()
}

/// A serializer that only answers the name of a unit variant.
struct WordOf;

#[derive(Debug)]
struct NotAWord;

impl fmt::Display for NotAWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAWord {}

impl ser::Error for NotAWord {
    fn custom<M: fmt::Display>(_: M) -> Self {
        NotAWord
    }
}

macro_rules! not_a_word {
    ($($f:ident($($t:ty),*)),* $(,)?) => {
        $(fn $f(self, $(_: $t),*) -> Result<&'static str, NotAWord> { Err(NotAWord) })*
    };
}

impl ser::Serializer for WordOf {
    type Ok = &'static str;
    type Error = NotAWord;
    type SerializeSeq = Impossible<&'static str, NotAWord>;
    type SerializeTuple = Impossible<&'static str, NotAWord>;
    type SerializeTupleStruct = Impossible<&'static str, NotAWord>;
    type SerializeTupleVariant = Impossible<&'static str, NotAWord>;
    type SerializeMap = Impossible<&'static str, NotAWord>;
    type SerializeStruct = Impossible<&'static str, NotAWord>;
    type SerializeStructVariant = Impossible<&'static str, NotAWord>;

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<&'static str, NotAWord> {
        Ok(variant)
    }

    not_a_word!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<&'static str, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<&'static str, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<&'static str, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotAWord> {
        Err(NotAWord)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAWord> {
        Err(NotAWord)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Policy {
        JapanCeil,
        FloorToParticipants,
    }

    #[test]
    fn words_come_from_serde_both_ways() {
        assert_eq!(word(&Policy::JapanCeil), "japan-ceil");
        assert_eq!(word(&Policy::FloorToParticipants), "floor-to-participants");
        assert_eq!(parse::<Policy>("japan-ceil"), Some(Policy::JapanCeil));
        assert_eq!(parse::<Policy>("JapanCeil"), None);
        assert_eq!(parse::<Policy>(""), None);
    }
}
