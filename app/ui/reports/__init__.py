"""Báo cáo screen: period picker, signature options, in-app PDF preview, print and export."""
