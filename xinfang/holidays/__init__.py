"""Holidays and working days (节假日与工作日): the one calendar for statutory deadlines."""
