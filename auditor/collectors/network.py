"""(to be written)"""

COLLECTORS = ()
