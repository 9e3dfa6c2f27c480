"""The dispute screening ledger (矛盾纠纷排查化解台账) and its monthly report (月报表)."""
