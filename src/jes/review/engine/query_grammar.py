"""Grammar of the search-strategy language (Lark, LALR), kept in Python so packaging needs no data-file rule."""

GRAMMAR = r"""
// Search-strategy language of the review engine, as bibliographic databases write it.
// Precedence, loosest first: OR, then AND / NOT / adjacency (implicit AND), then unary NOT, then field tags.
// "a NOT b" is "a AND NOT b" (binary NOT, as in PubMed, Scopus and COBISS); "NOT a" alone is the complement.

?start: or_expr

?or_expr: and_expr
        | or_expr _OR and_expr                -> or_

?and_expr: unary
         | and_expr _AND unary                -> and_
         | and_expr _NOT unary                -> and_not
         | and_expr prefixed                  -> and_

?unary: prefixed
      | _NOT unary                            -> not_

?prefixed: primary
         | FIELD primary                      -> field_prefix

?primary: WORD                                -> word
        | PHRASE                              -> phrase
        | REF                                 -> ref
        | LPAR or_expr RPAR                   -> group
        | primary SUFFIX                      -> field_suffix

// Operators only when standing alone: "android", "and*" and "ORGAN" stay search words.
_AND.3: /and(?=[\s()]|$)/i
_OR.3: /or(?=[\s()]|$)/i
_NOT.3: /not(?=[\s()]|$)/i
FIELD.2: /[a-z][a-z\/-]*:/i
SUFFIX.2: /\[[a-z\/ ]+\]/i
REF.2: /#\d+/
PHRASE.2: /"[^"]*"|»[^»«]*«|«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]/
WORD: /[^\s()"»«“”„\[\]#][^\s()"»«“”„\[\]]*/
LPAR: "("
RPAR: ")"

%ignore /\s+/
"""
