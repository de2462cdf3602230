"""(to be written)"""

CHECK = None
