-- TEST-ONLY EMULATION of Redshift's SUPER type and of the SUPER functions and casts the staging
-- checks use (sql/redshift/stage/02_checked_events, 03_checked_songs), so that PostgreSQL 15
-- runs those very statements. Nothing here is shipped or sent to Redshift. Run once per test
-- database (a superuser's CREATE CAST is database-wide).
--
-- A SUPER value is emulated as PostgreSQL `json`, which keeps each value's text as written:
-- from that text the emulation derives the dynamic type Redshift's JSON parser would give a
-- number. That derivation is a MODEL, not documented behaviour; docs/redshift.md lists it
-- among what is to confirm on the first cluster:
--   an integer literal of at most 38 digits  -> a DECIMAL of scale 0 (a BIGINT when it fits
--                                               64 bits: Redshift "doesn't differentiate
--                                               integers and decimals of scale 0");
--   a literal with a fraction (7.0, 2.5), at most 38 digits -> a DECIMAL of that scale;
--   a literal with an exponent (1.5e12), or of more than 38 digits -> a FLOAT8 (beyond its
--                                               range: +-Infinity, as an IEEE parse gives).
-- Pages (Amazon Redshift Database Developer Guide):
--   SUPER type             https://docs.aws.amazon.com/redshift/latest/dg/r_SUPER_type.html
--   Limitations (casting)  https://docs.aws.amazon.com/redshift/latest/dg/limitations-super.html
--   Dynamic typing, lax    https://docs.aws.amazon.com/redshift/latest/dg/query-super.html
CREATE DOMAIN super AS json;

-- Not Redshift's: the emulation's model of the dynamic type of a number (above); NULL for a
-- value that is not a JSON number.
CREATE FUNCTION emulated_number_type(value json) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN value IS NULL OR json_typeof(value) <> 'number' THEN NULL
        WHEN value::text ~ '[eE]' THEN 'float'
        WHEN length(regexp_replace(value::text, '[^0-9]', '', 'g')) > 38 THEN 'float'
        WHEN value::text ~ '[.]' THEN 'decimal'
        WHEN value::text::numeric BETWEEN -9223372036854775808 AND 9223372036854775807
            THEN 'bigint'
        ELSE 'decimal'
    END
$$;

-- JSON_TYPEOF needs no emulation: PostgreSQL's json_typeof(json) has the same name and the
-- same six answers (boolean, number, string, object, array, null).
-- https://docs.aws.amazon.com/redshift/latest/dg/r_json_typeof.html

-- IS_BIGINT: "true for numbers of scale 0 in the 64-bit range ... false for all other values,
-- including null and floating point numbers".
-- https://docs.aws.amazon.com/redshift/latest/dg/r_is_bigint.html
CREATE FUNCTION is_bigint(value json) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(emulated_number_type(value) = 'bigint', false)
$$;

-- IS_DECIMAL: "true for numbers that are not floating points ... false for any other values,
-- including null"; "a superset of IS_BIGINT".
-- https://docs.aws.amazon.com/redshift/latest/dg/r_is_decimal.html
CREATE FUNCTION is_decimal(value json) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(emulated_number_type(value) IN ('bigint', 'decimal'), false)
$$;

-- DECIMAL_SCALE: "the number of decimal digits to be stored to the right of the decimal
-- point" (of a DECIMAL; NULL here for anything else).
-- https://docs.aws.amazon.com/redshift/latest/dg/r_decimal_scale.html
CREATE FUNCTION decimal_scale(value json) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN is_decimal(value) THEN scale(value::text::numeric) END
$$;

-- JSON_SERIALIZE: the value as JSON text (here as written; Redshift writes its own form).
-- https://docs.aws.amazon.com/redshift/latest/dg/JSON_SERIALIZE.html
CREATE FUNCTION json_serialize(value json) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT value::text
$$;

-- JSON_SIZE: "the number of bytes ... when serialized into a string", without
-- JSON_SERIALIZE's VARCHAR limit.
-- https://docs.aws.amazon.com/redshift/latest/dg/r_json_size.html
CREATE FUNCTION json_size(value json) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT octet_length(value::text)
$$;

-- Casts from SUPER are lax: "Casting a SUPER value to the wrong type returns null instead of
-- an error" (query-super.html); "Cast from non-scalar values (object and array) to string
-- returns NULL" and a SUPER string cast to VARCHAR is its value (limitations-super.html,
-- query-super.html: o_orderstatus::VARCHAR = 'P'). A cast from a domain is a cast from its
-- base type, json, which has none of these in PostgreSQL.
CREATE FUNCTION super_to_bigint(value json) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN is_decimal(value)
                     AND round(value::text::numeric)
                         BETWEEN -9223372036854775808 AND 9223372036854775807
                THEN round(value::text::numeric)::bigint END
$$;
CREATE CAST (json AS bigint) WITH FUNCTION super_to_bigint(json);

CREATE FUNCTION super_to_double(value json) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE
        WHEN json_typeof(value) <> 'number' THEN NULL
        WHEN abs(value::text::numeric) > 1.7976931348623157e308
            THEN sign(value::text::numeric) * 'Infinity'::double precision
        ELSE value::text::numeric::double precision
    END
$$;
CREATE CAST (json AS double precision) WITH FUNCTION super_to_double(json);

CREATE FUNCTION super_to_varchar(value json) RETURNS varchar
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN json_typeof(value) NOT IN ('object', 'array', 'null')
                THEN value #>> '{}' END
$$;
CREATE CAST (json AS varchar) WITH FUNCTION super_to_varchar(json);
