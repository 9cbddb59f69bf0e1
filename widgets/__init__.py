"""Reusable pieces of Kith's UI. Widgets take plain values or models and post
Messages; they never touch the store."""
