"""A small SQL layout for snapshot files: the compiler's one-line SQL, one clause per line.

Only whitespace changes (``same_tokens`` checks it): clauses start a line, the items of
a select, group or order list get a line each, joins and the ANDs of a WHERE are indented
under their clause, and a subquery is indented inside its parentheses. Text inside
quotes and inside function-call parentheses (``count(*) FILTER (WHERE …)``) is untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"""'(?:[^']|'')*'|"[^"]*"|\s+|[(),]|[^\s(),'"]+""")
CLAUSES = {"WITH", "SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY"}
LISTS = {"WITH", "SELECT", "GROUP BY", "ORDER BY"}  # clauses whose commas start a line
PAIRS = {"GROUP": "BY", "ORDER": "BY", "LEFT": "JOIN", "CROSS": "JOIN"}
INDENT = "  "


@dataclass
class _Frame:
    subquery: bool  # parentheses around a SELECT (else an expression's)
    level: int  # indentation of the frame's clause keywords
    clause: str = ""


def pretty(sql: str) -> str:
    """``sql`` laid out one clause per line (see the module docstring)."""
    tokens = _TOKEN.findall(sql)
    if "".join(tokens) != sql:
        raise ValueError("unexpected character in SQL")
    out: list[str] = []
    stack = [_Frame(True, 0)]
    i = 0

    def newline(level: int) -> None:
        while out and out[-1].isspace():
            out.pop()
        if out:
            out[-1] = out[-1].rstrip()
            out.append("\n" + INDENT * level)

    def next_word(j: int) -> str:
        while j < len(tokens) and tokens[j].isspace():
            j += 1
        return tokens[j].upper() if j < len(tokens) else ""

    def previous_word() -> str:
        words = [t for t in out if not t.isspace()]
        return words[-1].upper() if words else ""

    while i < len(tokens):
        token, top = tokens[i], stack[-1]
        word = token.upper()
        at_clause_level = all(f.subquery for f in stack)
        if token == "(":
            opens = at_clause_level and next_word(i + 1) in ("SELECT", "WITH")
            stack.append(_Frame(opens, top.level + 2 if opens else top.level))
            out.append(token)
        elif token == ")":
            closed = stack.pop()
            if closed.subquery:
                newline(closed.level - 1)
            out.append(token)
        elif token == "," and at_clause_level and top.clause in LISTS:
            out.append(token)
            newline(top.level + 1)
            i = _skip_space(tokens, i + 1)
            continue
        elif at_clause_level and word in PAIRS and next_word(i + 1) == PAIRS[word]:
            j = _skip_space(tokens, i + 1)
            keyword = f"{word} {PAIRS[word]}"
            if keyword in CLAUSES:
                newline(top.level)
                out.append(f"{token} {tokens[j]}")
                top.clause = keyword
                newline(top.level + 1)
            else:  # a join, under its FROM
                newline(top.level + 1)
                out.append(f"{token} {tokens[j]}")
            i = _skip_space(tokens, j + 1)
            if keyword not in CLAUSES:
                out.append(" ")
            continue
        elif at_clause_level and word in CLAUSES and not (word == "FROM" and previous_word() == "DISTINCT"):
            newline(top.level)
            out.append(token)
            top.clause = word
            newline(top.level + 1)
            i = _skip_space(tokens, i + 1)
            continue
        elif at_clause_level and (word in ("UNION", "LIMIT") or (word == "AND" and top.clause == "WHERE")):
            newline(top.level + (word == "AND"))
            out.append(token)
        else:
            out.append(token)
        i += 1
    return "".join(out).strip() + "\n"


def _skip_space(tokens: list[str], j: int) -> int:
    while j < len(tokens) and tokens[j].isspace():
        j += 1
    return j


def same_tokens(a: str, b: str) -> bool:
    """Whether two SQL texts differ only in whitespace."""
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)
