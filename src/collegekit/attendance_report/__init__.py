"""The attendance report and certificate, in every form the bureau uses.

`collegekit.stats` computes; this package only presents: rich tables for the
terminal (`terminal`), the report as a document (`outputs`, through the
document pipeline of collegekit.render: templates attendance.md.j2 and
certificate.md.j2, charts from `charts`), spreadsheets and JSON (`tables`).
All of them read one `Report` (`report`), so that every output shows the same
figures with the same labels, names or pseudonyms. Everything a member reads
is French: numbers and dates through Babel.
"""
