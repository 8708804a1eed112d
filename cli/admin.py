"""``tongxin-admin``: create a database, seed demo data, import records, check, search, sync."""

from __future__ import annotations

import argparse
import getpass
import os
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

from app import paths
from app.demo.seed import seed
from app.errors import TongxinError
from app.keyfile import key_path_for, load_or_create_key
from app.keyring import KeyRing
from app.services.importing import import_lines
from app.services.overview import overview
from app.services.session import session_for
from app.store import Store
from sync import bundles, refusals, waiting
from sync.engine import SyncEngine

# Exit codes: 0 done; 1 a check or import found problems; 2 could not do it (message on stderr);
# 3 synced, but the server refused changes that wait for a person (listed on stderr).
EXIT_REFUSED = 3


def _open(args: argparse.Namespace) -> Store:
    """A database with accounts opens with one (``--user``, the password from TONGXIN_PASSWORD or
    asked for) and writes with that account's role; one without accounts yet opens with its key
    file, which the app's first start turns into the first account's key."""
    database = Path(args.db)
    ring = KeyRing.for_database(database)
    if ring:
        if not args.user:
            raise TongxinError(
                "user_required",
                "该数据库已设置账户，请用 --user 指定账户。",
                "This database has accounts: give --user.",
            )
        password = os.environ.get("TONGXIN_PASSWORD") or getpass.getpass(f"{args.user} 的密码 (password): ")
        store = Store.open(database, ring.unlock(args.user, password))
        account = ring.account(args.user)
        store.guard = session_for(
            store, account.username, account.display_name, account.role, account.grids
        ).admit
        return store
    return Store.open(
        database, load_or_create_key(Path(args.key_file) if args.key_file else key_path_for(database))
    )


def _create(args: argparse.Namespace) -> int:
    with _open(args) as store:
        print(f"数据库已就绪 (database ready): {args.db}  设备 (device) {store.device_id}")
    return 0


def _seed(args: argparse.Namespace) -> int:
    with _open(args) as store:
        counts = seed(store, households=args.households, seed=args.seed)
    print("演示数据已写入 (demo data written): " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


def _import(args: argparse.Namespace) -> int:
    with _open(args) as store, open(args.file, encoding="utf-8-sig") as handle:
        result = import_lines(store, handle)
    for error in result.errors:
        print(f"第{error.line}行 (line {error.line}): {error.zh} ({error.en})", file=sys.stderr)
    if result.errors:
        print(f"未导入任何记录：{len(result.errors)}行有错误 (nothing imported)", file=sys.stderr)
        return 1
    print(f"已导入 {result.imported} 条记录 (records imported)")
    return 0


def _check(args: argparse.Namespace) -> int:
    with _open(args) as store:
        figures = overview(store, check_integrity=True)
    print(
        f"schema v{figures.schema_version}; integrity {figures.integrity}; "
        f"pending changes {figures.pending_changes}"
    )
    for entity, count in figures.counts.items():
        print(f"  {entity}: {count}")
    return 0 if figures.integrity == "ok" else 1


def _search(args: argparse.Namespace) -> int:
    with _open(args) as store:
        page = store.search(args.query, limit=args.limit)
    for hit in page.hits:
        print(f"{hit.entity}\t{hit.record_id}\t{hit.title}\t{hit.subtitle}")
    return 0


def _sync(args: argparse.Namespace) -> int:
    with _open(args) as store:
        engine = SyncEngine(store, ca_bundle=args.ca_bundle)
        if args.enroll:
            if not args.server:
                print("登记需要服务器地址 --server (enrolling needs --server)", file=sys.stderr)
                return 2
            grids = engine.enroll(args.server, args.enroll, args.device_name)
            print(f"已登记 (enrolled), grids: {', '.join(grids)}")
        report = engine.sync()
        print(
            f"同步完成 (synced): pushed {report.pushed}, pulled {report.pulled}, refused {report.refused}, "
            f"superseded {report.superseded}, conflicts {report.conflicts}, recovered {report.recovered}"
        )
        return _print_problems(store)


def _print_problems(store: Store) -> int:
    """Refusals and parked changes, as people read them; EXIT_REFUSED while refusals wait."""
    open_refusals = refusals.listed(store)
    if open_refusals:
        print(f"{refusals.count(store)} 条修改被服务器拒收 (changes refused by the server):", file=sys.stderr)
    for item in open_refusals:
        fields = "、".join(zh for zh, _en in item.field_labels)
        print(
            f"  {item.entity_label[0]}「{item.record_title}」{fields}：{item.reason_zh} {item.what_to_do[0]}"
            f"\n    ({item.entity_label[1]} {item.record_id}: {item.reason_en} {item.what_to_do[1]})",
            file=sys.stderr,
        )
    for parked in waiting.parked(store):
        print(
            f"  未能应用 (not applied) {parked.entity_label[0]}「{parked.record_title}」：{parked.reason.zh}"
            f" ({parked.record_id}: {parked.reason.en})",
            file=sys.stderr,
        )
    return EXIT_REFUSED if open_refusals else 0


def _bundle(args: argparse.Namespace) -> int:
    """Sync by USB stick: write this laptop's bundle to a folder, or import the server's reply."""
    with _open(args) as store:
        if args.bundle_command == "export":
            path = bundles.export_bundle(store, Path(args.folder))
            print(f"已导出同步包 (bundle written): {path}  ({store.pending_changes()} changes waiting)")
            return 0
        report = bundles.import_reply(store, Path(args.file))
        print(
            f"已导入回复包 (reply imported): received {report.pulled}, recovered {report.recovered}, "
            f"refused {report.refused}, conflicts {report.conflicts}, photos {report.attachments}"
        )
        return _print_problems(store)


def _refused(args: argparse.Namespace) -> int:
    with _open(args) as store:
        if args.resend:
            print(f"已重新排队 {refusals.resend(store, args.resend)} 条修改 (queued again)")
        elif args.discard:
            if (
                not args.yes
                and input("放弃后无法恢复，确定吗？(discard for good?) [y/N] ").strip().lower() != "y"
            ):
                return 1
            print(f"已放弃 {refusals.discard(store, args.discard)} 条修改 (discarded)")
        return _print_problems(store)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tongxin-admin", description="同心网格管理工具 (Tongxin Grid admin)"
    )
    parser.add_argument("--db", default=str(paths.default_database()), help="database file")
    parser.add_argument(
        "--key-file", help="key file of a database without accounts (default: its path + .key)"
    )
    parser.add_argument(
        "--user", help="account to open a database with accounts (password: TONGXIN_PASSWORD)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("create", help="create (or open and migrate) the database").set_defaults(run=_create)
    seeding = commands.add_parser("seed", help="fill an empty database with demo data")
    seeding.add_argument("--households", type=int, default=1000)
    seeding.add_argument("--seed", type=int, default=2026)
    seeding.set_defaults(run=_seed)
    importing = commands.add_parser("import", help="import records from a JSON Lines file")
    importing.add_argument("file")
    importing.set_defaults(run=_import)
    commands.add_parser("check", help="integrity check, schema version, counts").set_defaults(run=_check)
    searching = commands.add_parser("search", help="search as the app does")
    searching.add_argument("query")
    searching.add_argument("--limit", type=int, default=20)
    searching.set_defaults(run=_search)
    syncing = commands.add_parser("sync", help="push and pull with the regional server")
    syncing.add_argument("--server", help="server address, with --enroll")
    syncing.add_argument("--enroll", metavar="CODE", help="one-time enrollment code from IT")
    syncing.add_argument("--device-name", default=platform.node() or "laptop")
    syncing.add_argument("--ca-bundle", help="CA certificates of a regional PKI")
    syncing.set_defaults(run=_sync)
    refused = commands.add_parser("refused", help="changes the server refused: list, send again or discard")
    action = refused.add_mutually_exclusive_group()
    action.add_argument("--resend", metavar="RECORD_ID", help="send a record's refused changes again")
    action.add_argument("--discard", metavar="RECORD_ID", help="take the server's values instead")
    refused.add_argument("--yes", action="store_true", help="discard without asking")
    refused.set_defaults(run=_refused)
    bundle = commands.add_parser("bundle", help="sync by USB stick (同步包)")
    bundle_commands = bundle.add_subparsers(dest="bundle_command", required=True)
    export = bundle_commands.add_parser("export", help="write this laptop's sync bundle into a folder")
    export.add_argument("folder")
    export.set_defaults(run=_bundle)
    reply = bundle_commands.add_parser("import", help="import the server's reply bundle")
    reply.add_argument("file")
    reply.set_defaults(run=_bundle)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths.keep_private()
    try:
        return args.run(args)
    except TongxinError as exc:
        print(str(exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
