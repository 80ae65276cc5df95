from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from thucthi.council.io.opendata import DATASETS, TITLES


def opendata_index(request: HttpRequest) -> HttpResponse:
    datasets = [(key, TITLES[key]) for key in sorted(DATASETS)]
    return render(request, "web/council/opendata.html", {"datasets": datasets})


def opendata_file(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    produce = DATASETS.get(dataset)
    if produce is None or fmt not in ("json", "csv"):
        raise Http404
    if fmt == "json":
        body = json.dumps(list(produce()), ensure_ascii=False, indent=1)
        return HttpResponse(body, content_type="application/json; charset=utf-8")

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer: csv.DictWriter[str] | None = None
        yield "\ufeff"  # a BOM, so Excel opens Vietnamese text as UTF-8
        for record in produce():
            if writer is None:
                writer = csv.DictWriter(buffer, fieldnames=list(record))
                writer.writeheader()
            writer.writerow(record)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset}.csv"'
    return response
