//! The seed listing importer, pinned on the real seed file.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use tagsift::import::seed_listing::{import, import_file};
use tagsift::model::Date;

const SEED: &str = "seeds/000_3d6b433167b901e1.txt";

fn seed_text() -> String {
    std::fs::read_to_string(SEED).unwrap()
}

/// Every distinct tag line of the seed with its tags, split by hand.
const EXPECTED_SPLITS: &[(&str, &[&str])] = &[
    ("ACIDdistributed-systemsisolation-levels", &["ACID", "distributed-systems", "isolation-levels"]),
    ("AILogisticsdistributed-systems", &["AI", "Logistics", "distributed-systems"]),
    ("AIReal-Timebig-data", &["AI", "Real-Time", "big-data"]),
    ("APIIdempotencydistributed-systems", &["API", "Idempotency", "distributed-systems"]),
    ("APMELKObservability", &["APM", "ELK", "Observability"]),
    ("BackendCacheConsistency", &["Backend", "Cache", "Consistency"]),
    ("BackendConfigurationMarketing", &["Backend", "Configuration", "Marketing"]),
    ("BackendConsistencycaching", &["Backend", "Consistency", "caching"]),
    ("BackendConsistencydistributed-systems", &["Backend", "Consistency", "distributed-systems"]),
    ("BackendDeploymentMicroservices", &["Backend", "Deployment", "Microservices"]),
    ("BackendDubbodistributed-systems", &["Backend", "Dubbo", "distributed-systems"]),
    ("BackendGolangPerformance Testing", &["Backend", "Golang", "Performance Testing"]),
    ("BackendIdempotencydistributed-systems", &["Backend", "Idempotency", "distributed-systems"]),
    ("BackendInterview PrepJava", &["Backend", "Interview Prep", "Java"]),
    ("BackendLeafZooKeeper", &["Backend", "Leaf", "ZooKeeper"]),
    ("BackendMessagingMobile", &["Backend", "Messaging", "Mobile"]),
    ("BackendMicroservicesScalability", &["Backend", "Microservices", "Scalability"]),
    ("BackendMicroservicesarchitecture", &["Backend", "Microservices", "architecture"]),
    ("BackendOffset ResetProxy", &["Backend", "Offset Reset", "Proxy"]),
    ("BackendSpring Cloudcloud-native", &["Backend", "Spring Cloud", "cloud-native"]),
    ("Backendcache patternsdistributed-systems", &["Backend", "cache patterns", "distributed-systems"]),
    ("Backendcachingdistributed-systems", &["Backend", "caching", "distributed-systems"]),
    ("Backenddistributed-systemshigh-availability", &["Backend", "distributed-systems", "high-availability"]),
    ("CacheConsistencyQueue", &["Cache", "Consistency", "Queue"]),
    ("CacheConsistencydistributed-systems", &["Cache", "Consistency", "distributed-systems"]),
    ("Code GenerationSaaS-platformShardingSphere", &["Code Generation", "SaaS-platform", "ShardingSphere"]),
    ("Configuration ManagementDubboMicroservices", &["Configuration Management", "Dubbo", "Microservices"]),
    ("ConsistencyLazy Deletioncache-aside", &["Consistency", "Lazy Deletion", "cache-aside"]),
    ("ConsistencyPaxoscross-region", &["Consistency", "Paxos", "cross-region"]),
    ("Consistencyalgorithmdistributed-systems", &["Consistency", "algorithm", "distributed-systems"]),
    ("Consumer FailureKafkaMicroservices", &["Consumer Failure", "Kafka", "Microservices"]),
    ("Consumer OffsetReplicationStreaming", &["Consumer Offset", "Replication", "Streaming"]),
    ("Containerscloud-nativedistributed-systems", &["Containers", "cloud-native", "distributed-systems"]),
    ("Data ConsistencyIdempotencyMock", &["Data Consistency", "Idempotency", "Mock"]),
    ("DeploymentReplicationStreaming", &["Deployment", "Replication", "Streaming"]),
    ("DevOpsEnterpriseMicroservices", &["DevOps", "Enterprise", "Microservices"]),
    ("DevOpsLoad Testingarchitecture", &["DevOps", "Load Testing", "architecture"]),
    ("DevOpsMicroservicescloud-native", &["DevOps", "Microservices", "cloud-native"]),
    ("FinancialHigh ThroughputReconciliation", &["Financial", "High Throughput", "Reconciliation"]),
    ("Flow Controldistributed-systemshigh-availability", &["Flow Control", "distributed-systems", "high-availability"]),
    ("Game DevelopmentObservabilityScalability", &["Game Development", "Observability", "Scalability"]),
    ("GoMicroservicesci/cd", &["Go", "Microservices", "ci/cd"]),
    ("GolangLoad TestingQPS", &["Golang", "Load Testing", "QPS"]),
    ("GolangLoad Testingbackend-architecture", &["Golang", "Load Testing", "backend-architecture"]),
    ("GolangLoad Testingdistributed-systems", &["Golang", "Load Testing", "distributed-systems"]),
    ("IdempotencyMicroservicesdatabase", &["Idempotency", "Microservices", "database"]),
    ("IdempotencyUnique IDdatabase", &["Idempotency", "Unique ID", "database"]),
    ("Idempotencyconfirmdistributed-systems", &["Idempotency", "confirm", "distributed-systems"]),
    ("Idempotencydistributed-systemslocking", &["Idempotency", "distributed-systems", "locking"]),
    ("JavaUnique IDdistributed-systems", &["Java", "Unique ID", "distributed-systems"]),
    ("Javadistributed-systemsspring-boot", &["Java", "distributed-systems", "spring-boot"]),
    ("KafkaKafka 3.0Streaming", &["Kafka", "Kafka 3.0", "Streaming"]),
    ("KafkaMeituanStreaming", &["Kafka", "Meituan", "Streaming"]),
    ("KafkaMeituanbig-data", &["Kafka", "Meituan", "big-data"]),
    ("KafkaPartitioningdistributed-systems", &["Kafka", "Partitioning", "distributed-systems"]),
    ("KafkaReplicationconsumer-offset", &["Kafka", "Replication", "consumer-offset"]),
    ("KafkaRetention PolicySequential Write", &["Kafka", "Retention Policy", "Sequential Write"]),
    ("KafkaStreamingdistributed-systems", &["Kafka", "Streaming", "distributed-systems"]),
    ("Kafkadistributed-systemsmessage-queue", &["Kafka", "distributed-systems", "message-queue"]),
    ("MicroservicesObservabilitychaos-engineering", &["Microservices", "Observability", "chaos-engineering"]),
    ("MicroservicesService Meshcircuit breaker", &["Microservices", "Service Mesh", "circuit breaker"]),
    ("Microservicesarchitecturecloud-native", &["Microservices", "architecture", "cloud-native"]),
    ("Microservicescloud-nativedistributed-systems", &["Microservices", "cloud-native", "distributed-systems"]),
    ("Operationsdistributed-systemsfault tolerance", &["Operations", "distributed-systems", "fault tolerance"]),
    (
        "Parallel Programmingconcurrencydistributed-systems",
        &["Parallel Programming", "concurrency", "distributed-systems"],
    ),
    ("PartitioningStreamingZooKeeper", &["Partitioning", "Streaming", "ZooKeeper"]),
    ("Partitioningdistributed-systemsperformance", &["Partitioning", "distributed-systems", "performance"]),
    ("Scalabilityarchitecturedistributed-systems", &["Scalability", "architecture", "distributed-systems"]),
    ("Service Mesharchitecturecloud-native", &["Service Mesh", "architecture", "cloud-native"]),
    ("Service Mesharchitecturedistributed-systems", &["Service Mesh", "architecture", "distributed-systems"]),
    ("Shopping Cartclouddistributed-systems", &["Shopping Cart", "cloud", "distributed-systems"]),
    ("ULIDdistributed-systemsidentifier", &["ULID", "distributed-systems", "identifier"]),
    ("big-datadistributed-systems", &["big-data", "distributed-systems"]),
    ("cachingdistributed-systemshigh-availability", &["caching", "distributed-systems", "high-availability"]),
    ("cachingdistributed-systemshigh-concurrency", &["caching", "distributed-systems", "high-concurrency"]),
    ("cachingdistributed-systemsoptimization", &["caching", "distributed-systems", "optimization"]),
    ("cloud-nativedatabasedistributed-systems", &["cloud-native", "database", "distributed-systems"]),
    ("cloud-nativedatabasesdistributed-systems", &["cloud-native", "databases", "distributed-systems"]),
    ("cloud-nativedistributed-systemshigh-availability", &["cloud-native", "distributed-systems", "high-availability"]),
    ("cloud-nativedistributed-systemsmulti-cloud", &["cloud-native", "distributed-systems", "multi-cloud"]),
    ("databasedistributed-systemsglobal ID", &["database", "distributed-systems", "global ID"]),
    ("distributed-systemsglobal IDsnowflake", &["distributed-systems", "global ID", "snowflake"]),
    (
        "distributed-systemshigh-concurrencyload-balancing",
        &["distributed-systems", "high-concurrency", "load-balancing"],
    ),
    ("distributed-systemsrebalancing", &["distributed-systems", "rebalancing"]),
];

#[test]
fn every_seed_article_is_imported_with_the_header_warning() {
    let imported = import_file(Path::new(SEED)).unwrap();
    assert_eq!(imported.articles.len(), 87);
    // The only notice is the header count: no tag line was ambiguous or overridden.
    assert_eq!(imported.notices.len(), 1, "{:?}", imported.notices);
    let notice = imported.notices[0].to_string();
    assert_eq!(
        notice,
        format!("{SEED}:2: warning: the header announces 160 articles but the file holds 87 article blocks; indexing the 87")
    );
}

#[test]
fn every_tag_line_of_the_seed_splits_as_written_by_hand() {
    let text = seed_text();
    let lines: Vec<&str> = text.lines().collect();
    let imported = import_file(Path::new(SEED)).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for (k, article) in imported.articles.iter().enumerate() {
        let raw = lines[3 + k * 11 + 8];
        let (_, want) = EXPECTED_SPLITS
            .iter()
            .find(|(line, _)| *line == raw)
            .unwrap_or_else(|| panic!("no expected split for {raw:?}"));
        assert_eq!(article.tags, *want, "tags of {:?}", article.title);
        assert_eq!(article.tags.concat(), raw, "pieces must rebuild the line exactly");
        seen.insert(raw);
    }
    assert_eq!(seen.len(), EXPECTED_SPLITS.len(), "every expected line occurs in the seed");
}

#[test]
fn the_issue_examples_split() {
    let imported = import_file(Path::new(SEED)).unwrap();
    let tags_of =
        |line: &str| imported.articles.iter().find(|a| a.tags.concat() == line).map(|a| a.tags.clone()).unwrap();
    assert_eq!(tags_of("GoMicroservicesci/cd"), ["Go", "Microservices", "ci/cd"]);
    assert_eq!(tags_of("BackendLeafZooKeeper"), ["Backend", "Leaf", "ZooKeeper"]);
    assert_eq!(tags_of("KafkaKafka 3.0Streaming"), ["Kafka", "Kafka 3.0", "Streaming"]);
    assert_eq!(tags_of("distributed-systemsrebalancing"), ["distributed-systems", "rebalancing"]);
    assert_eq!(tags_of("APMELKObservability"), ["APM", "ELK", "Observability"]);
}

#[test]
fn first_and_last_articles_keep_every_field_exactly() {
    let imported = import_file(Path::new(SEED)).unwrap();
    let first = &imported.articles[0];
    assert_eq!(first.author.as_deref(), Some("Ray's Galactic Tech"));
    assert_eq!(first.date, Date::from_ymd(2026, 4, 3));
    assert_eq!(first.category.as_deref(), Some("Backend Development"));
    assert_eq!(first.title, "How to Master Go Module Management for Scalable Distributed Systems");
    assert!(first.summary.starts_with("This comprehensive guide explains why Go module management"));
    assert!(first.summary.contains("real\u{2011}world e\u{2011}commerce"), "U+2011 kept");
    assert!(first.summary.ends_with("production\u{2011}ready environment."));
    assert_eq!(first.tags, ["Go", "Microservices", "ci/cd"]);
    assert_eq!((first.likes, first.read_minutes), (Some(0), Some(35)));
    assert_eq!(first.url, None);

    let last = imported.articles.last().unwrap();
    assert_eq!(last.author.as_deref(), Some("Java Architect Essentials"));
    assert_eq!(last.date, Date::from_ymd(2020, 8, 13));
    assert_eq!(last.category.as_deref(), Some("Backend Development"));
    assert_eq!(last.title, "Design and Implementation of a High\u{2011}Throughput WeChat Red Packet System");
    assert!(last.summary.starts_with("This article describes the design, implementation, and performance testing"));
    assert_eq!(last.tags, ["Golang", "Load Testing", "backend-architecture"]);
    assert_eq!((last.likes, last.read_minutes), (Some(0), Some(18)));
}

#[test]
fn cjk_and_curly_quotes_are_kept() {
    let imported = import_file(Path::new(SEED)).unwrap();
    let game = imported.articles.iter().find(|a| a.title.contains("泡姆泡姆")).unwrap();
    assert_eq!(
        game.title,
        "How \u{2018}泡姆泡姆\u{2019} Leverages Cloud\u{2011}Native Architecture for Global Low\u{2011}Latency Gaming"
    );
}

/// The seed with line `n` (1-based) replaced by `with` (or removed when `None`).
fn seed_with(n: usize, with: Option<&str>) -> String {
    let mut lines: Vec<String> = seed_text().lines().map(String::from).collect();
    match with {
        Some(w) => lines[n - 1] = w.to_string(),
        None => {
            lines.remove(n - 1);
        }
    }
    lines.join("\n") + "\n"
}

fn error_for(text: String) -> String {
    import(&[(PathBuf::from("broken.txt"), text)]).unwrap_err().to_string()
}

#[test]
fn a_bad_date_names_file_and_line() {
    // Block 2 starts at line 15; its date line is 17.
    assert_eq!(
        error_for(seed_with(17, Some("Nov 31, 2025 · Backend Development"))),
        "broken.txt:17: error: `Nov 31, 2025` is not a date like `Apr 3, 2026` (English month, day, year)"
    );
    assert_eq!(
        error_for(seed_with(17, Some("Nov 25, 2025 Backend Development"))),
        "broken.txt:17: error: expected `Mon D, YYYY · Category`, found `Nov 25, 2025 Backend Development`"
    );
}

#[test]
fn a_bad_likes_line_names_file_and_line() {
    assert_eq!(
        error_for(seed_with(24, Some("lots of likes · 7 min read"))),
        "broken.txt:24: error: expected `N likes · M min read`, found `lots of likes · 7 min read`"
    );
}

#[test]
fn a_missing_line_names_file_and_line() {
    // Dropping block 2's summary shifts its blank line into the summary's place.
    assert_eq!(error_for(seed_with(21, None)), "broken.txt:21: error: expected the summary, found an empty line");
    // A block cut short by the end of the file.
    let text = seed_text();
    let cut: Vec<&str> = text.lines().take(3 + 11 + 6).collect();
    assert_eq!(
        error_for(cut.join("\n") + "\n"),
        "broken.txt:21: error: the article block that starts at line 15 ends early: expected the summary, found the end of the file"
    );
}

#[test]
fn mismatched_repeats_and_header_are_errors() {
    assert_eq!(
        error_for(seed_with(16, Some("Someone Else"))),
        "broken.txt:16: error: expected the author `Code Wrench` again, found `Someone Else`"
    );
    assert!(error_for(seed_with(25, Some("Another title")))
        .starts_with("broken.txt:25: error: expected the title `How Olric"));
    assert_eq!(
        error_for(seed_with(2, Some("many articles"))),
        "broken.txt:2: error: expected the article count `N articles`, found `many articles`"
    );
}
