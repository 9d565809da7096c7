//! The store's story: one async body run against SQLite (a temp file) and,
//! when `XXGK_TEST_PG_URL` is set, PostgreSQL (a fresh database created for
//! the run). On CI (`CI` set) a missing `XXGK_TEST_PG_URL` fails loudly.

use std::time::Instant;

use sqlx::Connection;
use xxgk_domain::{AgencyInput, AgencyKind, ChainError, OfficeDetails, Role};
use xxgk_store::password::{PasswordHasher, token_hash};
use xxgk_store::{
    Actor, AuditFilter, Backend, BackupOutcome, BatchFileState, BatchHold, BatchLease, BatchOutcome, DynStore,
    LoginGate, LoginLimits, NewBatchFile, NewReportVersion, NewUser, ReportFilter, StoreError,
    TOKEN_USE_GRANULARITY_MS,
};

/// The audit key of the story's stores.
fn test_key() -> xxgk_domain::AuditKey {
    xxgk_domain::AuditKey::from_bytes([42; 32])
}

/// Raw SQL access to the same database, behind the store's back.
enum Raw {
    Sqlite(String),
    Pg(String),
}

impl Raw {
    async fn exec(&self, sql: &'static str) -> Result<(), sqlx::Error> {
        match self {
            Raw::Sqlite(url) => {
                let mut c = sqlx::SqliteConnection::connect(url).await?;
                sqlx::query(sql).execute(&mut c).await.map(|_| ())
            }
            Raw::Pg(url) => {
                let mut c = sqlx::PgConnection::connect(url).await?;
                sqlx::raw_sql(sql).execute(&mut c).await.map(|_| ())
            }
        }
    }
}

fn input(parent: Option<i64>, name: &str, kind: AgencyKind) -> AgencyInput {
    AgencyInput {
        parent_id: parent,
        name: name.into(),
        kind,
        office: OfficeDetails {
            functions: "负责政府信息公开".into(),
            address: "人民路 1 号".into(),
            hours: "工作日 9:00—17:00".into(),
            phone: "0000-1234567".into(),
            head: "张三".into(),
        },
    }
}

async fn story(store: DynStore, raw: Raw, backup_dir: &std::path::Path) {
    let root = Actor::system("cli");
    let hasher = PasswordHasher::fast_for_tests();

    // 1. Empty, migrated.
    assert!(store.list_agencies().await.unwrap().is_empty());
    assert_eq!(store.count_users().await.unwrap(), 0);
    assert_eq!(store.verify_audit().await.unwrap(), Ok(0));

    // 2. Agencies in a hierarchy.
    let city = store.create_agency(&root, input(None, "示范市人民政府", AgencyKind::Government)).await.unwrap();
    let county =
        store.create_agency(&root, input(Some(city.id), "示范县人民政府", AgencyKind::Government)).await.unwrap();
    let dept =
        store.create_agency(&root, input(Some(county.id), "示范县教育局", AgencyKind::Department)).await.unwrap();
    assert_eq!(store.get_agency(dept.id).await.unwrap().unwrap().parent_id, Some(county.id));
    assert_eq!(store.get_agency(dept.id).await.unwrap().unwrap().office.head, "张三");
    let missing = store.create_agency(&root, input(Some(9999), "x", AgencyKind::Other)).await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))), "{missing:?}");
    let blank = store.create_agency(&root, input(None, "  ", AgencyKind::Other)).await;
    assert!(matches!(blank, Err(StoreError::Validation(ref e)) if e.field == "name"), "{blank:?}");
    // A cycle is refused: the city cannot move below its own department.
    let cycle =
        store.update_agency(&root, city.id, input(Some(dept.id), "示范市人民政府", AgencyKind::Government)).await;
    assert!(matches!(cycle, Err(StoreError::Conflict(_))), "{cycle:?}");
    let renamed = store
        .update_agency(&root, county.id, input(Some(city.id), "示范县人民政府（新）", AgencyKind::Government))
        .await
        .unwrap();
    assert_eq!(renamed.name, "示范县人民政府（新）");

    // 3. Accounts.
    let hash = hasher.hash("correct horse battery".into()).await.unwrap();
    let new = |u: &str, role, agency| NewUser {
        username: u.into(),
        display_name: "测试".into(),
        agency_id: agency,
        role,
        password_hash: hash.clone(),
    };
    let alice = store.create_user(&root, new("Alice", Role::AgencyAdmin, county.id)).await.unwrap();
    assert_eq!(alice.username, "alice");
    let dup = store.create_user(&root, new("alice", Role::Editor, county.id)).await;
    assert!(matches!(dup, Err(StoreError::UsernameTaken(_))), "{dup:?}");
    let bad = store.create_user(&root, new("a b", Role::Editor, county.id)).await;
    assert!(matches!(bad, Err(StoreError::Validation(ref e)) if e.field == "username"), "{bad:?}");
    let bob = store.create_user(&Actor::user(&alice), new("bob", Role::Editor, dept.id)).await.unwrap();
    let (u, h) = store.get_credentials("ALICE").await.unwrap().unwrap();
    assert_eq!(u.id, alice.id);
    assert!(hasher.verify("correct horse battery".into(), Some(h)).await.unwrap());
    let bob = store.set_user_role(&Actor::user(&alice), bob.id, Role::Reviewer, dept.id).await.unwrap();
    assert_eq!(bob.role, Role::Reviewer);
    assert_eq!(store.list_users().await.unwrap().len(), 2);

    // 4. Sessions: live, expired, revoked, disabled account.
    let now = xxgk_store::now_ms();
    store.create_session(bob.id, &token_hash("s1"), "csrf1", now, now + 60_000).await.unwrap();
    store.create_session(bob.id, &token_hash("s2"), "csrf2", now, now + 60_000).await.unwrap();
    let s = store.get_session(&token_hash("s1"), now).await.unwrap().unwrap();
    assert_eq!((s.user.id, s.csrf_token.as_str()), (bob.id, "csrf1"));
    assert!(store.get_session(&token_hash("s1"), now + 61_000).await.unwrap().is_none());
    store.revoke_session(&token_hash("s1"), now).await.unwrap();
    assert!(store.get_session(&token_hash("s1"), now).await.unwrap().is_none());
    assert!(store.get_session(&token_hash("s2"), now).await.unwrap().is_some());
    store.set_user_disabled(&Actor::user(&alice), bob.id, true).await.unwrap();
    assert!(store.get_session(&token_hash("s2"), now).await.unwrap().is_none());
    store.set_user_disabled(&Actor::user(&alice), bob.id, false).await.unwrap();
    assert!(store.get_session(&token_hash("s2"), now).await.unwrap().is_none(), "disabling revokes for good");
    store.create_session(bob.id, &token_hash("s3"), "c", now, now + 60_000).await.unwrap();
    store.create_session(bob.id, &token_hash("s4"), "c", now, now + 60_000).await.unwrap();
    let new_hash = hasher.hash("another long password".into()).await.unwrap();
    store.set_password(&Actor::user(&bob), bob.id, new_hash, Some(&token_hash("s3"))).await.unwrap();
    assert!(store.get_session(&token_hash("s3"), now).await.unwrap().is_some());
    assert!(store.get_session(&token_hash("s4"), now).await.unwrap().is_none());
    assert_eq!(store.revoke_user_sessions(&Actor::user(&alice), bob.id).await.unwrap(), 1);
    assert!(store.get_session(&token_hash("s3"), now).await.unwrap().is_none());

    // 5. API tokens.
    let t = store.create_api_token(&Actor::user(&alice), alice.id, "脚本", &token_hash("tok")).await.unwrap();
    assert_eq!(store.user_for_api_token(&token_hash("tok"), now).await.unwrap().map(|u| u.id), Some(alice.id));
    assert!(store.user_for_api_token(&token_hash("nope"), now).await.unwrap().is_none());
    // The "last used" mark moves at most once per granularity: reads stay reads.
    let last_used = async |store: &DynStore| store.list_api_tokens(alice.id).await.unwrap()[0].last_used_ms;
    assert_eq!(last_used(&store).await, Some(now));
    store.user_for_api_token(&token_hash("tok"), now + TOKEN_USE_GRANULARITY_MS - 1).await.unwrap();
    assert_eq!(last_used(&store).await, Some(now), "a use within the granularity writes nothing");
    store.user_for_api_token(&token_hash("tok"), now + TOKEN_USE_GRANULARITY_MS).await.unwrap();
    assert_eq!(last_used(&store).await, Some(now + TOKEN_USE_GRANULARITY_MS));
    assert!(store.revoke_api_token(&Actor::user(&alice), alice.id, t.id).await.unwrap());
    assert!(!store.revoke_api_token(&Actor::user(&alice), alice.id, t.id).await.unwrap());
    assert!(store.user_for_api_token(&token_hash("tok"), now).await.unwrap().is_none());
    assert!(store.list_api_tokens(alice.id).await.unwrap()[0].revoked);

    // 6. Sign-in limits: counted before the password is checked.
    let limits = LoginLimits { window_ms: 1_000, pair_max: 3, account_max: 4 };
    for i in 0..3 {
        assert_eq!(store.open_login_attempt("bob", "10.0.0.1", now + i, &limits).await.unwrap(), LoginGate::Open);
    }
    // The pair is at its limit: locked until its oldest failure leaves the window.
    let gate = store.open_login_attempt("bob", "10.0.0.1", now + 10, &limits).await.unwrap();
    assert_eq!(gate, LoginGate::Locked { until_ms: now + 1_000 });
    // Another address may try once more, then the account limit holds.
    assert_eq!(store.open_login_attempt("bob", "10.0.0.2", now + 11, &limits).await.unwrap(), LoginGate::Open);
    let gate = store.open_login_attempt("bob", "10.0.0.3", now + 12, &limits).await.unwrap();
    assert_eq!(gate, LoginGate::Locked { until_ms: now + 1_000 });
    assert_eq!(store.open_login_attempt("carol", "10.0.0.1", now + 12, &limits).await.unwrap(), LoginGate::Open);
    // A success clears the pair, so the account has room again.
    store.clear_login_failures("bob", "10.0.0.1").await.unwrap();
    assert_eq!(store.open_login_attempt("bob", "10.0.0.3", now + 13, &limits).await.unwrap(), LoginGate::Open);
    // Once the window has passed, everything is open again.
    assert_eq!(store.open_login_attempt("bob", "10.0.0.2", now + 2_000, &limits).await.unwrap(), LoginGate::Open);

    // 6b. Batch imports: a queue worked off file by file, bytes dropped once read.
    let batch = store
        .create_batch(
            &Actor::user(&alice),
            alice.id,
            county.id,
            vec![
                NewBatchFile { name: "a.txt".into(), content: Ok(b"first".to_vec()) },
                NewBatchFile { name: "b.zip/../x".into(), content: Err("文件名不安全".into()) },
                NewBatchFile { name: "c.pdf".into(), content: Ok(vec![0, 159, 146, 150]) },
            ],
            now,
        )
        .await
        .unwrap();
    let states = |b: &xxgk_store::Batch| b.files.iter().map(|f| f.state).collect::<Vec<_>>();
    assert_eq!(states(&batch), [BatchFileState::Queued, BatchFileState::Failed, BatchFileState::Queued]);
    assert_eq!((batch.done(), batch.finished_at_ms), (1, None));
    assert_eq!(batch.files[1].outcome.problem, "文件名不安全");
    // Two instances share the queue under leases of 1 s; two claims each.
    let lease = |owner: &str| BatchLease { owner: owner.into(), lease_ms: 1_000, max_attempts: 2 };
    let (a, b) = (lease("a"), lease("b"));
    let first = store.claim_batch_file(&a, now + 1).await.unwrap().unwrap();
    assert_eq!(
        (first.file.name.as_str(), first.content.as_slice(), first.file.state, first.uploader_id, first.attempt),
        ("a.txt", &b"first"[..], BatchFileState::Working, alice.id, 1)
    );
    let third = store.claim_batch_file(&b, now + 1).await.unwrap().unwrap();
    assert_eq!((third.file.position, third.content), (3, vec![0, 159, 146, 150]), "binary kept byte for byte");
    assert!(store.claim_batch_file(&b, now + 2).await.unwrap().is_none(), "live leases are not taken");
    // The holder renews; nobody else can.
    assert!(store.renew_batch_lease(first.file.id, &a, now + 500).await.unwrap());
    assert!(!store.renew_batch_lease(first.file.id, &b, now + 500).await.unwrap());
    // Compare-and-set on state and owner: only the holder settles.
    let failed = BatchOutcome { problem: "无法读取".into(), ..Default::default() };
    let stolen =
        store.settle_batch_file(BatchHold::claimed(first.file.id, "b"), BatchFileState::Failed, &failed, now).await;
    assert!(matches!(stolen, Err(StoreError::Conflict(_))), "{stolen:?}");
    let third = third.file;
    store
        .settle_batch_file(BatchHold::claimed(third.id, "b"), BatchFileState::Failed, &failed, now + 600)
        .await
        .unwrap();
    let twice = store.settle_batch_file(BatchHold::claimed(third.id, "b"), BatchFileState::Failed, &failed, now).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    // A dies holding the first file: after its lease (renewed to 1 500) B takes it over.
    assert!(store.claim_batch_file(&b, now + 1_400).await.unwrap().is_none(), "renewed lease still holds");
    let taken = store.claim_batch_file(&b, now + 1_600).await.unwrap().unwrap();
    assert_eq!((taken.file.id, taken.attempt, taken.content.as_slice()), (first.file.id, 2, &b"first"[..]));
    // A comes back to life: it can neither renew nor file what it lost.
    assert!(!store.renew_batch_lease(first.file.id, &a, now + 1_700).await.unwrap());
    let report = |year: i32| NewReportVersion {
        agency_id: dept.id,
        year,
        report_json: "{}".into(),
        source_name: "a.txt".into(),
        provenance_json: String::new(),
    };
    let zombie = store
        .file_batch_file(BatchHold::claimed(first.file.id, "a"), &Actor::user(&alice), report(2019), &failed, now)
        .await;
    assert!(matches!(zombie, Err(StoreError::Conflict(_))), "{zombie:?}");
    let versions_2019 = || {
        let filter = ReportFilter { agency_ids: Some(vec![dept.id]), years: Some(vec![2019]), metadata_only: true };
        let store = store.clone();
        async move { store.list_report_versions(&filter).await.unwrap().len() }
    };
    assert_eq!(versions_2019().await, 0, "a lost claim files nothing");
    // B dies too: the file has had its two claims and is failed, not handed out again.
    assert!(store.claim_batch_file(&a, now + 2_700).await.unwrap().is_none());
    let batch = store.get_batch(batch.id).await.unwrap().unwrap();
    let dead = &batch.files[0];
    assert_eq!(dead.state, BatchFileState::Failed);
    assert!(dead.outcome.problem.contains("2 次中断"), "{}", dead.outcome.problem);
    assert_eq!((batch.done(), batch.finished_at_ms), (3, Some(now + 2_700)), "finished with its last file");

    // Filing is one transaction with the file's outcome: a retry files nothing.
    let batch2 = store
        .create_batch(
            &Actor::user(&alice),
            alice.id,
            county.id,
            ["x.txt", "y.txt", "z.txt"]
                .map(|n| NewBatchFile { name: n.into(), content: Ok(n.as_bytes().to_vec()) })
                .into(),
            now,
        )
        .await
        .unwrap();
    let x = store.claim_batch_file(&a, now + 3_000).await.unwrap().unwrap().file;
    let filed_outcome = BatchOutcome { printed_agency: "某某局".into(), year: Some(2019), ..Default::default() };
    let filed = store
        .file_batch_file(BatchHold::claimed(x.id, "a"), &Actor::user(&alice), report(2019), &filed_outcome, now + 3_001)
        .await
        .unwrap();
    assert_eq!((filed.state, filed.outcome.agency_id), (BatchFileState::Filed, Some(dept.id)));
    assert!(filed.outcome.version_id.is_some());
    let retry = store
        .file_batch_file(BatchHold::claimed(x.id, "a"), &Actor::user(&alice), report(2019), &filed_outcome, now + 3_002)
        .await;
    assert!(matches!(retry, Err(StoreError::Conflict(_))), "{retry:?}");
    assert_eq!(versions_2019().await, 1, "filed exactly once");
    // A graceful stop gives back only the stopping instance's claims, uncounted.
    let y = store.claim_batch_file(&a, now + 3_010).await.unwrap().unwrap().file;
    let z = store.claim_batch_file(&b, now + 3_010).await.unwrap().unwrap().file;
    assert_eq!(store.release_batch_claims("a").await.unwrap(), 1);
    let y_again = store.claim_batch_file(&b, now + 3_020).await.unwrap().unwrap();
    assert_eq!((y_again.file.id, y_again.attempt), (y.id, 1), "released, not counted as a death");
    assert!(store.renew_batch_lease(z.id, &b, now + 3_030).await.unwrap(), "B's own claim untouched");
    // The second of two files filed for one agency and year replaces the draft.
    let y_filed = store
        .file_batch_file(BatchHold::claimed(y.id, "b"), &Actor::user(&alice), report(2019), &filed_outcome, now + 3_040)
        .await
        .unwrap();
    assert_eq!(y_filed.outcome.version_id, filed.outcome.version_id, "the open draft is updated");
    store.settle_batch_file(BatchHold::claimed(z.id, "b"), BatchFileState::Failed, &failed, now + 3_050).await.unwrap();
    assert!(store.get_batch(batch2.id).await.unwrap().unwrap().finished_at_ms.is_some());

    // A file waiting for confirmation is settled by state alone.
    let batch3 = store
        .create_batch(
            &Actor::user(&alice),
            alice.id,
            county.id,
            vec![NewBatchFile { name: "w.txt".into(), content: Ok(b"w".to_vec()) }],
            now,
        )
        .await
        .unwrap();
    let w = store.claim_batch_file(&a, now + 4_000).await.unwrap().unwrap().file;
    let waiting = BatchOutcome {
        printed_agency: "某某局".into(),
        year: Some(2024),
        errors: 2,
        warnings: 1,
        candidates: vec![county.id, dept.id],
        report_json: "{}".into(),
        ..Default::default()
    };
    let settled = store
        .settle_batch_file(BatchHold::claimed(w.id, "a"), BatchFileState::Confirm, &waiting, now + 4_001)
        .await
        .unwrap();
    assert_eq!((settled.state, &settled.outcome), (BatchFileState::Confirm, &waiting));
    let again = store.settle_batch_file(BatchHold::claimed(w.id, "a"), BatchFileState::Failed, &waiting, now).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "compare-and-set on the state: {again:?}");
    let dismissed = BatchOutcome { report_json: String::new(), ..waiting.clone() };
    store
        .settle_batch_file(
            BatchHold::in_state(w.id, BatchFileState::Confirm),
            BatchFileState::Dismissed,
            &dismissed,
            now + 4_002,
        )
        .await
        .unwrap();
    assert!(store.get_batch(batch3.id).await.unwrap().unwrap().finished_at_ms.is_some());
    let batches = store.list_batches(alice.id, 10).await.unwrap();
    assert_eq!(batches.iter().map(|b| b.id).collect::<Vec<_>>(), [batch3.id, batch2.id, batch.id]);
    assert!(store.list_batches(bob.id, 10).await.unwrap().is_empty());
    assert!(store.get_batch(batch.id + 100).await.unwrap().is_none());

    // 7. Many writers at once still give one valid chain.
    let mut tasks = Vec::new();
    for i in 0..16 {
        let s = store.clone();
        let a = Actor::system("cli");
        tasks.push(tokio::spawn(async move {
            s.create_agency(&a, input(Some(county.id), &format!("乡镇{i}"), AgencyKind::Township)).await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }

    // 8. The audit log: every change recorded, filterable, chain verifies.
    let all = store.list_audit(&AuditFilter { limit: 1000, ..Default::default() }).await.unwrap();
    let n = all.len() as i64;
    assert_eq!(store.verify_audit().await.unwrap(), Ok(n));
    assert_eq!(all[0].id, n, "newest first");
    let f = |agency: Option<Vec<i64>>, actor: Option<&str>, action: Option<&str>| AuditFilter {
        agency_ids: agency,
        actor: actor.map(str::to_string),
        action: action.map(str::to_string),
        ..Default::default()
    };
    let updates = store.list_audit(&f(None, None, Some("agency.update"))).await.unwrap();
    assert_eq!(updates.len(), 1);
    assert!(updates[0].before_json.as_deref().unwrap().contains("示范县人民政府"));
    assert!(updates[0].after_json.as_deref().unwrap().contains("（新）"));
    let by_alice = store.list_audit(&f(None, Some("alice"), None)).await.unwrap();
    assert!(by_alice.iter().all(|r| r.actor_user_id == Some(alice.id)) && by_alice.len() >= 5);
    let in_dept = store.list_audit(&f(Some(vec![dept.id]), None, None)).await.unwrap();
    assert!(in_dept.iter().all(|r| r.agency_id == Some(dept.id)) && !in_dept.is_empty());
    assert!(store.list_audit(&f(Some(vec![]), None, None)).await.unwrap().is_empty());
    let future = AuditFilter { from_ms: Some(now + 3_600_000), ..Default::default() };
    assert!(store.list_audit(&future).await.unwrap().is_empty());
    let window =
        AuditFilter { from_ms: Some(now - 3_600_000), to_ms: Some(now + 3_600_000), limit: 5, ..Default::default() };
    assert_eq!(store.list_audit(&window).await.unwrap().len(), 5);
    let paged = AuditFilter { before_id: Some(3), ..Default::default() };
    assert_eq!(store.list_audit(&paged).await.unwrap().len(), 2);
    assert!(store.audit_actions().await.unwrap().contains(&"user.create".to_string()));
    let creates = store.list_audit(&f(None, None, Some("user.create"))).await.unwrap();
    assert!(creates.iter().all(|r| !r.after_json.as_deref().unwrap_or("").contains("argon2")), "no hashes in the log");

    // 9. Append-only: the database itself refuses UPDATE and DELETE.
    let upd = raw.exec("UPDATE audit_log SET actor_name = 'mallory' WHERE id = 2").await;
    assert!(upd.is_err(), "UPDATE on audit_log must fail");
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = raw.exec("DELETE FROM audit_log WHERE id = 2").await;
    assert!(del.is_err(), "DELETE on audit_log must fail");
    assert_eq!(store.verify_audit().await.unwrap(), Ok(n));

    // 10. Backup: a consistent copy that opens as a database with the data.
    let target = backup_dir.join("backup.db");
    match store.backup(&target).await.unwrap() {
        BackupOutcome::Written { bytes } => {
            assert_eq!(store.backend(), Backend::Sqlite);
            assert!(bytes > 0);
            let copy_url = format!("sqlite:{}", target.display());
            // Without the audit key the copy's keyed chain cannot be verified (nor forged).
            let keyless = xxgk_store::open(&copy_url).await.unwrap();
            assert!(matches!(keyless.verify_audit().await.unwrap(), Err(ChainError::BadHash { id: 1 })));
            keyless.close().await;
            let copy = xxgk_store::open_keyed(&copy_url, test_key()).await.unwrap();
            assert_eq!(copy.list_agencies().await.unwrap().len(), store.list_agencies().await.unwrap().len());
            assert_eq!(copy.verify_audit().await.unwrap(), Ok(n));
            assert!(copy.get_credentials("alice").await.unwrap().is_some());
            copy.close().await;
            assert!(matches!(store.backup(&target).await, Err(StoreError::Backup(_))), "never overwrites");
        }
        BackupOutcome::UsePgDump { url } => {
            assert_eq!(store.backend(), Backend::Postgres);
            assert!(!url.contains("secret"));
        }
    }

    // 11. Tampering behind the triggers' back is found, naming the record.
    match &raw {
        Raw::Sqlite(_) => {
            raw.exec("DROP TRIGGER audit_log_no_update").await.unwrap();
            raw.exec("UPDATE audit_log SET actor_name = 'mallory' WHERE id = 3").await.unwrap();
        }
        Raw::Pg(_) => {
            raw.exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete").await.unwrap();
            raw.exec("UPDATE audit_log SET actor_name = 'mallory' WHERE id = 3").await.unwrap();
        }
    }
    let broken = store.verify_audit().await.unwrap();
    assert_eq!(broken.map_err(|e| e.id()), Err(3));
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xxgk.db");
    let url = format!("sqlite:{}", path.display());
    let started = Instant::now();
    let store = xxgk_store::open_keyed(&url, test_key()).await.unwrap();
    story(store, Raw::Sqlite(url), dir.path()).await;
    eprintln!("story on SQLite: {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn story_postgres() {
    let Ok(base) = std::env::var("XXGK_TEST_PG_URL") else {
        if std::env::var("XXGK_TEST_PG_OPTOUT").as_deref() != Ok("1") {
            panic!(
                "XXGK_TEST_PG_URL is not set: start PostgreSQL with scripts/pg-test-start.sh (or set XXGK_TEST_PG_OPTOUT=1 to skip PostgreSQL)"
            );
        }
        eprintln!("note: XXGK_TEST_PG_URL not set; skipping the PostgreSQL story (run scripts/pg-test-start.sh)");
        return;
    };
    // A fresh database per run, so the story always starts empty.
    let db = format!("xxgk_story_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&base).await.expect("connect to XXGK_TEST_PG_URL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {db}"))).execute(&mut admin).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}"))).execute(&mut admin).await.unwrap();
    let url = match base.rsplit_once('/') {
        Some((head, tail)) => match tail.split_once('?') {
            Some((_, q)) => format!("{head}/{db}?{q}"),
            None => format!("{head}/{db}"),
        },
        None => panic!("XXGK_TEST_PG_URL has no database part: {base}"),
    };
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let store = xxgk_store::open_keyed(&url, test_key()).await.unwrap();
    story(store, Raw::Pg(url), dir.path()).await;
    eprintln!("story on PostgreSQL: {:?}", started.elapsed());
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")))
        .execute(&mut admin)
        .await
        .unwrap();
}

#[tokio::test]
async fn unknown_url_and_unreachable_pg_are_clear_errors() {
    let bad = xxgk_store::open("mysql://x").await.err().unwrap();
    assert!(bad.to_string().contains("数据库地址无效"), "{bad}");
    let started = Instant::now();
    let down = xxgk_store::open("postgres://u:secret@127.0.0.1:1/db").await.err().unwrap();
    let msg = down.to_string();
    assert!(msg.contains("无法连接数据库") && !msg.contains("secret"), "{msg}");
    assert!(started.elapsed().as_secs() < 30);
}
