"""``tongxin-admin``: create a database, seed demo data, import records, check, search, sync, back up,
restore, verify the audit trail."""

from __future__ import annotations

import argparse
import getpass
import os
import platform
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from app import paths
from app.demo.seed import seed
from app.errors import TongxinError
from app.keyfile import key_path_for, load_or_create_key
from app.keyring import Account, KeyRing
from app.services import archiving, audit, backups
from app.services.importing import import_lines
from app.services.overview import overview
from app.services.session import session_for
from app.store import Store, backup
from sync import bundles, refusals, waiting
from sync.engine import SyncEngine

# Exit codes: 0 done; 1 a check or import found problems; 2 could not do it (message on stderr);
# 3 synced, but the server refused changes that wait for a person (listed on stderr).
EXIT_REFUSED = 3


def _password(username: str) -> str:
    return os.environ.get("TONGXIN_PASSWORD") or getpass.getpass(f"{username} 的密码 (password): ")


def _user_required() -> TongxinError:
    return TongxinError(
        "user_required",
        "该数据库已设置账户，请用 --user 指定账户。",
        "This database has accounts: give --user.",
    )


def _unlock(args: argparse.Namespace) -> tuple[bytes, Account | None]:
    """The data key and the account it was opened with: a database with accounts opens with one
    (``--user``, the password from TONGXIN_PASSWORD or asked for); one without accounts yet opens
    with its key file, which the app's first start turns into the first account's key."""
    database = Path(args.db)
    ring = KeyRing.for_database(database)
    if ring:
        if not args.user:
            raise _user_required()
        return ring.unlock(args.user, _password(args.user)), ring.account(args.user)
    return load_or_create_key(Path(args.key_file) if args.key_file else key_path_for(database)), None


def _open(args: argparse.Namespace) -> Store:
    """The database, writing with the role of the account it was opened with."""
    key, account = _unlock(args)
    store = Store.open(Path(args.db), key)
    if account is not None:
        store.guard = session_for(
            store, account.username, account.display_name, account.role, account.grids
        ).admit
    return store


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


def _backup(args: argparse.Namespace) -> int:
    key, _account = _unlock(args)
    with Store.open(Path(args.db), key) as store:
        written = backup.make_backup(store, Path(args.to), database=Path(args.db), keep=args.keep)
    print(f"已备份 (backed up): {written}")
    return 0


def _admin_of(ring: KeyRing, username: str | None) -> Account:
    """Restoring replaces the whole database: only an administrator may, with their password."""
    if not username:
        raise _user_required()
    account = ring.account(username)
    backups.require_admin(account)
    return account


def _restore(args: argparse.Namespace) -> int:
    """A database with accounts is restored by one of its administrators; a laptop without one
    (a new or wiped laptop) by an administrator account held in the backup."""
    database, source = Path(args.db), Path(args.file)
    manifest = backup.read_manifest(source)
    ring = KeyRing.for_database(database)
    account: Account | None
    if ring:
        account = _admin_of(ring, args.user)
        key = ring.unlock(account.username, _password(account.username))
    elif manifest.has_keys:
        if not args.user:
            raise _user_required()
        key, held = backup.unlock_backup(source, args.user, _password(args.user))
        account = _admin_of(held, args.user)
    else:
        key, account = _unlock(args)
    made = manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    if (
        not args.yes
        and input(
            f"用 {made} 的备份替换当前数据库？当前数据库会另存一份。(replace the database with the backup "
            f"of {made}? the current one is kept aside) [y/N] "
        )
        .strip()
        .lower()
        != "y"
    ):
        return 1
    restored = backups.restore(source, database, key, by=account)
    records = sum(manifest.records.values())
    print(f"已恢复并核对 (restored and verified) from {source.name}; records {records}")
    if restored.set_aside:
        print(f"原数据库另存为 (previous database kept as): {restored.set_aside}")
    return 0


def _archive(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    with _open(args) as store:
        if args.days:
            archiving.set_archive_age(store, args.days)
        done = archiving.archive_now(store, Path(args.db), now=now)
    print(
        f"已归档 (archived) {done.records} 条记录 (records) / {done.groups} 组 (groups); "
        f"{done.size_before / 2**20:.1f} MB → {done.size_after / 2**20:.1f} MB"
    )
    return 0


def _archived_search(args: argparse.Namespace) -> int:
    from sync import archive as fetching

    with _open(args) as store:
        hits = fetching.search(SyncEngine(store, ca_bundle=args.ca_bundle), args.query)
    for hit in hits:
        print(f"{hit.entity}\t{hit.record_id}\t{hit.title}\t{hit.subtitle}")
    return 0


def _archived_bring_back(args: argparse.Namespace) -> int:
    from sync import archive as fetching

    with _open(args) as store:
        count = fetching.bring_back(SyncEngine(store, ca_bundle=args.ca_bundle), args.entity, args.record_id)
    if not count:
        print(
            "服务器上没有这条记录，或不在本机的网格内 (not on the server for this laptop's grids)",
            file=sys.stderr,
        )
        return 1
    print(f"已取回 {count} 条记录 (records brought back)")
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    with _open(args) as store:
        check = audit.verify(store)
    for problem in check.problems:
        print(
            f"  {problem.zh} 设备链 (chain) {problem.device} 第{problem.seq}条 (entry {problem.seq}) "
            f"记录 (record) {problem.record_id or '-'}: {problem.en}",
            file=sys.stderr,
        )
    verdict = "完整 (intact)" if not check.problems else f"发现 {len(check.problems)} 处问题 (problems found)"
    print(f"审计记录 (audit entries) {check.entries}, 链外 (before the chain) {check.unchained}: {verdict}")
    return 1 if check.problems else 0


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
    backing = commands.add_parser("backup", help="write an encrypted backup file")
    backing.add_argument("--to", default=str(paths.backup_dir()), help="folder or USB stick")
    backing.add_argument("--keep", type=int, default=backup.KEEP, help="backups of this laptop to keep there")
    backing.set_defaults(run=_backup)
    restoring = commands.add_parser("restore", help="replace the database with a backup (administrators)")
    restoring.add_argument("file")
    restoring.add_argument("--yes", action="store_true", help="restore without asking")
    restoring.set_defaults(run=_restore)
    archiving_command = commands.add_parser(
        "archive", help="let finished records the server holds leave this laptop"
    )
    archiving_command.add_argument("--days", type=int, help="archive records finished this many days ago")
    archiving_command.set_defaults(run=_archive)
    archived = commands.add_parser("archived", help="the server's archive: find records, bring one back")
    archived.add_argument("--ca-bundle", help="CA certificates of a regional PKI")
    archived_commands = archived.add_subparsers(dest="archived_command", required=True)
    finding = archived_commands.add_parser("search", help="records of this laptop's grids on the server")
    finding.add_argument("query")
    finding.set_defaults(run=_archived_search)
    bringing = archived_commands.add_parser("bring-back", help="fetch an archived record to this laptop")
    bringing.add_argument("entity")
    bringing.add_argument("record_id")
    bringing.set_defaults(run=_archived_bring_back)
    auditing = commands.add_parser("audit", help="the audit trail")
    audit_commands = auditing.add_subparsers(dest="audit_command", required=True)
    audit_commands.add_parser("verify", help="find removed, reordered or altered entries").set_defaults(
        run=_audit_verify
    )
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
