"""The attendance report and certificate, in every form the bureau uses.

`collegekit.stats` computes; this package only presents: rich tables for the
terminal (`terminal`), a Markdown report with charts (`markdown`, `charts`),
spreadsheets and JSON (`tables`), the attendance certificate
(`certificate`). All of them read one `Report` (`context`), so that every
output shows the same figures with the same labels, names or pseudonyms.
Everything a member reads is French: numbers and dates through Babel.
"""
