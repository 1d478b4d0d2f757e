"""KPI scorecards (客服绩效考核制度)."""
