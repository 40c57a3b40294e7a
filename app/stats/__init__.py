"""Statistics: closed-list events, SQL aggregation, disclosure control (cell key method), workbook, office gathering.

Qt-free. Nothing here stores a name, an address, a case number or free text: every
string column of the ``stats_`` tables is constrained by a CHECK to a closed list.
"""
