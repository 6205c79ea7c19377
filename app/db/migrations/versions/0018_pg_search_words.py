"""search words: PostgreSQL finds a word prefix through an index of the prefixes themselves

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

0003 gave ``case_search.folded`` a pg_trgm index. A word prefix such as `` chieu%`` is found by
its trigrams, and the first ones (a word starting with c, with ch) are in nearly every case: four
ordinary words of a million-case register («chieu sang Ngô Quyền») read 3,200 index pages for
229 candidates, 60 ms, and the search ran that lookup up to four times (exact marks first, then
the rest, each in the newest cases and then the older ones). The planner could not tell a rare
word from a common one either (a trigram LIKE has no statistics).

``case_search.terms`` holds every prefix of 2 to 24 letters of each folded word (a one-letter
word as itself), and those prefixes of each exact word that hold a letter beyond ASCII (a
marked letter: ``phạ``, ``phạm``; the search asks for one only when it has a letter that folds
away, which no folded word holds, so the two cannot be confused), computed by the database from
``folded`` and ``exact`` (a generated column: every writer of ``case_search`` fills it without
knowing of it). A typed word is then one lexeme of a GIN index, and so is the exact form the
search ranks first: the same four words take 12 ms, and ANALYZE keeps the lexemes'
frequencies, so a common word is read newest first along the key and a rare one through the
index. The trigram index is dropped (its writes are no longer of use); the pg_trgm extension, if
present, is left alone. Nothing on SQLite, which searches with FTS5.
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

PREFIX_FUNCTION = """
CREATE OR REPLACE FUNCTION search_prefixes(folded text, exact text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_to_tsvector(ARRAY(
    SELECT left(w, n)
    FROM unnest(string_to_array(folded, ' ')) AS w,
         generate_series(least(2, length(w)), least(length(w), 24)) AS n
    WHERE w <> ''
    UNION
    SELECT p
    FROM unnest(string_to_array(exact, ' ')) AS w,
         generate_series(least(2, length(w)), least(length(w), 24)) AS n,
         left(w, n) AS p
    WHERE w <> '' AND p ~ '[^\\x01-\\x7f]'))
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(PREFIX_FUNCTION)
    op.execute(
        "ALTER TABLE case_search ADD COLUMN terms tsvector "
        "GENERATED ALWAYS AS (search_prefixes(folded, exact)) STORED"
    )
    op.execute("CREATE INDEX ix_case_search_terms ON case_search USING gin (terms)")
    op.execute("DROP INDEX IF EXISTS ix_case_search_folded_trgm")
    op.execute("ANALYZE case_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_case_search_terms")
    op.execute("ALTER TABLE case_search DROP COLUMN terms")
    op.execute("DROP FUNCTION IF EXISTS search_prefixes(text, text)")
    op.execute(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN "
        "CREATE INDEX ix_case_search_folded_trgm ON case_search USING gin (folded gin_trgm_ops); "
        "END IF; END $$"
    )
