"""Xinfang (信访): petition case management and analytics."""
