"""``sitrep validate|render|add|list|show|delete|restore|schema|demo``: one incident file or stored
incident at a time.

Each command imports what it uses inside its function, marked "start-up time": `sitrep list`
must not pay for WeasyPrint, Pillow or the data model it does not need.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sitrep.cli.console import (EXIT_OK, MSG_INTERNAL, MSG_WARNING, MSG_WRITTEN, Console, Registrar, open_store,
                                printable, printable_json)
from sitrep.i18n import N_

MSG_VALID = N_("{file}: valid.")
MSG_ADDED = N_("Added: {id}")
MSG_DELETED = N_("Deleted: {id} (sitrep restore {id} brings it back)")
MSG_RESTORED = N_("Restored: {id}")
MSG_NO_INCIDENTS = N_("No incidents stored in {path}.")
HELP = {
    "validate": N_("check an incident or report file"),
    "render": N_("render a flash-update PDF from an incident or report file"),
    "add": N_("store the incidents of a file; prints their IDs"),
    "list": N_("list stored incidents"),
    "show": N_("print a stored incident as JSON"),
    "delete": N_("delete a stored incident (it can be restored)"),
    "restore": N_("restore a deleted incident"),
    "schema": N_("print the JSON Schema of the data contract"),
    "demo": N_("render the sample flash update"),
    "id": N_("render a stored incident (with its photos) instead of a file"),
    "output": N_("PDF file to write"),
    "json": N_("print JSON instead of a table"),
    "report": N_("the schema of a report file instead of an incident"),
}


def register(registrar: Registrar) -> dict:
    t, command = registrar.console.t, registrar.command
    command("validate", help_text=HELP["validate"]).add_argument("file", type=Path)
    render = command("render", uses_db=True, help_text=HELP["render"])
    source = render.add_mutually_exclusive_group(required=True)
    source.add_argument("file", type=Path, nargs="?")
    source.add_argument("--id", help=t(HELP["id"]))
    render.add_argument("-o", "--output", type=Path, required=True, help=t(HELP["output"]))
    registrar.report_options(render)
    command("add", uses_db=True, help_text=HELP["add"]).add_argument("file", type=Path)
    command("list", uses_db=True, help_text=HELP["list"]).add_argument("--json", action="store_true",
                                                                        help=t(HELP["json"]))
    for name in ("show", "delete", "restore"):
        command(name, uses_db=True, help_text=HELP[name]).add_argument("id")
    command("schema", help_text=HELP["schema"]).add_argument("--report", action="store_true", help=t(HELP["report"]))
    demo = command("demo", help_text=HELP["demo"])
    demo.add_argument("-o", "--output", type=Path, required=True, help=t(HELP["output"]))
    registrar.report_options(demo)
    return {
        "validate": cmd_validate, "render": cmd_render, "add": cmd_add, "list": cmd_list,
        "show": cmd_show, "delete": cmd_delete, "restore": cmd_restore, "schema": cmd_schema,
        "demo": cmd_demo,
    }


def cmd_validate(args, console: Console) -> int:
    from sitrep.contract.documents import load_document  # start-up time
    from sitrep.contract.model import Report
    from sitrep.contract.notices import incident_warnings

    document = load_document(args.file)
    incidents = document.incidents if isinstance(document, Report) else [document]
    for index, incident in enumerate(incidents):
        prefix = f"incidents[{index}]." if isinstance(document, Report) else ""
        console.problems(incident_warnings(incident), prefix)
    console.out(MSG_VALID, file=args.file)
    return EXIT_OK


def cmd_render(args, console: Console) -> int:
    from sitrep.contract.documents import load_document  # start-up time

    if args.id is None:
        # Photos print only for stored incidents: a file's attachment paths are not read.
        return _render(load_document(args.file), args, console)
    with open_store(args, console) as store:
        from sitrep.photos import PHOTO_KEY

        return _render(store.get(args.id), args, console, photo_dir=store.photo_dir,
                       photo_key=store.file_key(PHOTO_KEY))


def cmd_demo(args, console: Console) -> int:
    from sitrep.contract.documents import load_document  # start-up time
    from sitrep.paths import SAMPLES_DIR

    return _render(load_document(SAMPLES_DIR / "demo-report.json"), args, console)


def _render(document, args, console: Console, photo_dir=None, photo_key=None) -> int:
    from sitrep.flash_update.pdf import export_flash_update  # start-up time
    from sitrep.store import check_output_path
    from sitrep.contract.notices import incident_warnings

    check_output_path(args.output, getattr(args, "db", None))  # the demo has no --db: the user's own is kept safe
    report = export_flash_update(document, args.output, languages=args.languages,
                                 digits=args.digits, profile=args.profile, photo_dir=photo_dir,
                                 photo_key=photo_key)
    console.problems(incident_warnings(report.incident))
    print(console.n(MSG_WRITTEN, report.pages, path=args.output, size=max(1, round(report.size / 1024)),
                    pages=report.pages))
    if report.profile == "internal":  # possibly chosen by the report file, not the user's flag
        print(f"{console.t(MSG_WARNING)}: {console.t(MSG_INTERNAL)}", file=sys.stderr)
    return EXIT_OK


def cmd_add(args, console: Console) -> int:
    from sitrep.contract.documents import load_document  # start-up time
    from sitrep.contract.model import Report

    document = load_document(args.file)
    incidents = document.incidents if isinstance(document, Report) else [document]
    with open_store(args, console) as store:
        for incident in incidents:
            print(store.add(incident))
    return EXIT_OK


def cmd_list(args, console: Console) -> int:
    from sitrep.listing import incident_rows  # start-up time

    with open_store(args, console) as store:
        incidents = store.list()
        if args.json:
            print(printable_json(json.dumps([i.model_dump(mode="json") for i in incidents], ensure_ascii=False,
                                            indent=2)))
        elif not incidents:
            console.out(MSG_NO_INCIDENTS, path=store.path)
        else:
            for row in incident_rows(incidents, console.lang):
                print(printable("  ".join(row)))
    return EXIT_OK


def cmd_show(args, console: Console) -> int:
    with open_store(args, console) as store:
        print(printable_json(store.get(args.id).model_dump_json(indent=2)))
    return EXIT_OK


def cmd_delete(args, console: Console) -> int:
    with open_store(args, console) as store:
        store.delete(args.id)
    console.out(MSG_DELETED, id=args.id)
    return EXIT_OK


def cmd_restore(args, console: Console) -> int:
    with open_store(args, console) as store:
        store.restore(args.id)
    console.out(MSG_RESTORED, id=args.id)
    return EXIT_OK


def cmd_schema(args, console: Console) -> int:
    from sitrep.contract.model import Incident, Report  # start-up time

    model = Report if args.report else Incident
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK
