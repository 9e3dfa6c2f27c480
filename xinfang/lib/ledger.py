"""Read a ledger file (xlsx or csv with Chinese headers) row by row, or refuse it in one line.

A bureau's ledger comes out of whatever office software it was kept in: CSV saved as UTF-8,
UTF-8 with a BOM (Excel) or GBK/GB18030 (older Excel and WPS on Chinese Windows); workbooks
whose first sheet is a cover page. Anything else (another encoding, a binary file, a CSV
renamed .xlsx, a cell longer than a spreadsheet can hold) is refused with a `LedgerError`
naming the file, sheet, row and column, before anything is imported.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

# A spreadsheet cell holds at most 32,767 characters (Excel's limit): a longer "cell" is a
# broken file (an unclosed quote swallowing the rest of a CSV), not a petition.
CELL_MAX = 32_767
ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GBK/GB18030"))
READ_BLOCK = 1 << 20


class LedgerError(Exception):
    """The file cannot be read as a ledger; `str()` is the one line shown to the user."""

    def __init__(self, path: Path, message: str, *, sheet: str = "", row: int = 0, column: int = 0):
        self.path, self.sheet, self.row, self.column = path, sheet, row, column
        where = [f"文件“{path.name}”"]
        if sheet:
            where.append(f"工作表“{sheet}”")
        cell = f"第{row}行" if row else ""
        if column:
            cell += f"第{column}列（{column_letter(column)}列）"
        if cell:
            where.append(cell)
        super().__init__(f"{' '.join(where)}：{message}")


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Ledger:
    """One ledger file: its data rows as (row number as the user sees it, {header: text}).

    `headers` and `sheet` are known once opened; `rows()` streams (a million rows never sit
    in memory) and can be called again for a second pass.
    """

    def __init__(self, path: Path, required: Iterable[str]):
        self.path = Path(path)
        self.required = tuple(required)
        self.sheet = ""
        self.headers: list[str] = []
        suffix = self.path.suffix.lower()
        if suffix == ".xlsx":
            self._open_workbook()
        elif suffix == ".csv":
            self._open_csv()
        else:
            raise LedgerError(self.path, "只能导入 .xlsx 或 .csv 文件")

    def _named(self) -> str:
        """The first required headers, quoted, for a message: “编号”“登记日期”."""
        return "".join(f"“{h}”" for h in self.required[:2])

    # -- xlsx --------------------------------------------------------------------------

    def _workbook(self):
        from openpyxl import load_workbook

        try:
            return load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise LedgerError(
                self.path, "不是有效的 xlsx 工作簿（是否把其他文件改成了 .xlsx 扩展名？）"
            ) from exc

    def _open_workbook(self) -> None:
        """Pick the first sheet whose first row holds the ledger's headers (the ledger is
        not always on the first sheet: a cover page or an empty sheet may come first)."""
        book = self._workbook()
        try:
            names = []
            for sheet in book.worksheets:
                names.append(sheet.title)
                first = next(sheet.iter_rows(max_row=1, values_only=True), ())
                headers = [str(h or "").strip() for h in first]
                if any(h in headers for h in self.required):
                    self.sheet, self.headers = sheet.title, headers
                    return
        finally:
            book.close()
        raise LedgerError(
            self.path,
            f"没有找到台账表头（{'、'.join(names) or '无工作表'}的第1行都不含{self._named()}等列）",
        )

    def _xlsx_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        book = self._workbook()
        try:
            rows = book[self.sheet].iter_rows(values_only=True)
            next(rows, None)
            for number, values in enumerate(rows, start=2):
                if values and any(v not in (None, "") for v in values):
                    yield number, self._record(number, [_text(v) for v in values])
        finally:
            book.close()

    # -- csv ---------------------------------------------------------------------------

    def _open_csv(self) -> None:
        self.encoding = self._detect_encoding()
        rows = self._csv_records()
        first = next(rows, None)
        if first is None:
            raise LedgerError(self.path, "文件为空")
        self.headers = [h.strip() for h in first[1]]
        if not any(h in self.headers for h in self.required):
            raise LedgerError(self.path, f"第1行不是台账表头（应含{self._named()}等列）", row=1)

    def _detect_encoding(self) -> str:
        """The first of UTF-8 (with or without BOM) and GBK/GB18030 that decodes the whole
        file; otherwise refuse, pointing at where the best of them failed."""
        furthest: tuple[int, int, int] | None = None  # (bytes decoded, row, column)
        for encoding, _ in ENCODINGS:
            failure = self._decode_failure(encoding)
            if failure is None:
                return encoding
            if furthest is None or failure[0] > furthest[0]:
                furthest = failure
        _, row, column = furthest
        names = "、".join(label for _, label in ENCODINGS)
        raise LedgerError(
            self.path,
            f"无法识别的文字编码或不是文本文件（只接受 {names} 编码的 CSV）",
            row=row,
            column=column,
        )

    def _decode_failure(self, encoding: str) -> tuple[int, int, int] | None:
        """None if the whole file decodes; else (offset, row, column) of the first bad byte.
        NUL bytes count as failures: no text file holds them, random bytes do."""
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        offset = 0
        bad = None
        with open(self.path, "rb") as fh:
            while block := fh.read(READ_BLOCK):
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    bad = offset + exc.start
                    break
                if b"\x00" in block:
                    bad = offset + block.index(b"\x00")
                    break
                offset += len(block)
            else:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    bad = offset
        if bad is None:
            return None
        # Only on failure: where it is, as a reader would count rows and columns.
        with open(self.path, "rb") as fh:
            text = fh.read(bad).decode(encoding, errors="ignore")
        row, column, _ = _advance(text, 1, 1, False)
        return bad, row, column

    def _csv_records(self) -> Iterator[tuple[int, list[str]]]:
        # The csv module's own field limit (131,072) ends in a traceback; ours is checked
        # per cell below with the row and column named.
        csv.field_size_limit(max(csv.field_size_limit(), 16 * CELL_MAX))
        with open(self.path, encoding=self.encoding, newline="") as fh:
            reader = csv.reader(fh)
            while True:
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise LedgerError(
                        self.path, f"CSV 格式错误（{exc}）", row=reader.line_num
                    ) from exc
                yield reader.line_num, values

    def _csv_rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        records = self._csv_records()
        next(records, None)
        # Rows as the user counts them in a spreadsheet (line numbers drift with cells that
        # hold line breaks).
        for number, (_, values) in enumerate(records, start=2):
            if any(v.strip() for v in values):
                yield number, self._record(number, [v.strip() for v in values])

    # -- both --------------------------------------------------------------------------

    def _record(self, number: int, values: list[str]) -> dict[str, str]:
        for column, value in enumerate(values, start=1):
            if len(value) > CELL_MAX:
                raise LedgerError(
                    self.path,
                    f"单元格有{len(value)}个字符，超过{CELL_MAX}字符的上限（文件可能已损坏，"
                    "例如引号未闭合）",
                    sheet=self.sheet,
                    row=number,
                    column=column,
                )
        return {h: v for h, v in zip(self.headers, values, strict=False) if h}

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        return self._xlsx_rows() if self.sheet else self._csv_rows()


def _advance(text: str, row: int, column: int, quoted: bool) -> tuple[int, int, bool]:
    """Move a (row, column) position over `text` as a CSV reader would."""
    for char in text:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == "\n":
            row, column = row + 1, 1
        elif char == ",":
            column += 1
    return row, column, quoted


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
