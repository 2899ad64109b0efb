"""Moving in through the API: a coordinator sends a contract's subscriptions as a CSV."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from exchanges.produce import selectors
from exchanges.produce.api.imports import ImportReportSerializer, ImportUploadSerializer
from exchanges.produce.models import Contract
from exchanges.produce.services.import_table import MAX_BYTES
from exchanges.produce.services.imports import import_subscriptions
from neighbourhood.api import Endpoint
from neighbourhood.http import AuthenticatedRequest


class ContractImportView(Endpoint[Contract]):
    find = selectors.get_contract_for_coordinator
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses=ImportReportSerializer,
    )
    def post(self, request: AuthenticatedRequest, contract_id: int) -> Response:
        """Coordinators only. Reads the file and answers its report: the subscriptions it would
        create (or created) and every line refused with its reasons. With `dry_run` false,
        everything is imported in one transaction, or nothing if a line is refused. A file that
        cannot be read (too big, not a CSV, empty, no needed column) is a 400."""
        sent = self.valid(ImportUploadSerializer)
        report = import_subscriptions(
            contract=self.object,
            actor=request.user,
            file=bytes(sent["file"].read(MAX_BYTES + 1)),
            dry_run=sent["dry_run"],
        )
        return Response(ImportReportSerializer(report).data)
