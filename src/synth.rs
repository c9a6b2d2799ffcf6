//! A synthetic corpus for benchmarks and scale tests, deterministic for a seed.
//!
//! `n` articles; `n / 20` distinct tags drawn Zipf-distributed (s = 1), 1–5 per
//! article; 12 categories; `n / 200` authors; titles and summaries assembled from a
//! technical vocabulary; dates uniform over the ten years before 2026-01-01; likes
//! skewed toward zero; reading times 1–40 minutes.

use crate::model::{Article, Date};

/// SplitMix64: small, fast, and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TECH: &[&str] = &[
    "Kafka",
    "Go",
    "Rust",
    "Kubernetes",
    "Docker",
    "Redis",
    "PostgreSQL",
    "MySQL",
    "Microservices",
    "Streaming",
    "Observability",
    "Tracing",
    "Caching",
    "Consistency",
    "Idempotency",
    "Sharding",
    "Replication",
    "Consensus",
    "Raft",
    "Paxos",
    "gRPC",
    "GraphQL",
    "WebAssembly",
    "Serverless",
    "Terraform",
    "Ansible",
    "Linux",
    "eBPF",
    "Networking",
    "TLS",
    "OAuth",
    "Security",
    "Testing",
    "Benchmarks",
    "Profiling",
    "Concurrency",
    "Async",
    "Scheduling",
    "Queues",
    "Pipelines",
    "ETL",
    "Spark",
    "Flink",
    "Hadoop",
    "Elasticsearch",
    "Search",
    "Indexing",
    "Compression",
    "Storage",
    "Backups",
    "Migrations",
    "Schemas",
    "APIs",
    "Gateways",
    "Load Balancing",
    "Rate Limiting",
    "Circuit Breakers",
    "Retries",
    "Timeouts",
    "Logging",
    "Metrics",
    "Alerting",
    "SRE",
    "DevOps",
    "CI/CD",
    "GitOps",
    "Monorepos",
    "Compilers",
    "Parsers",
    "Type Systems",
    "Memory",
    "Garbage Collection",
    "Allocators",
    "SIMD",
    "GPUs",
    "Machine Learning",
    "Embeddings",
    "Vector Search",
    "LLMs",
    "Data Modeling",
    "Event Sourcing",
    "CQRS",
    "Sagas",
    "Transactions",
    "Isolation",
    "Locks",
    "Leases",
    "Clocks",
    "CRDTs",
    "Gossip",
    "Service Mesh",
    "Envoy",
    "Nginx",
    "CDN",
    "Edge",
    "Mobile",
    "Frontend",
    "React",
    "CSS",
    "Accessibility",
];
const VERBS: &[&str] = &[
    "Scaling",
    "Debugging",
    "Designing",
    "Operating",
    "Testing",
    "Migrating",
    "Securing",
    "Tuning",
    "Monitoring",
    "Building",
    "Understanding",
    "Rethinking",
    "Simplifying",
    "Benchmarking",
];
const NOUNS: &[&str] = &[
    "Systems",
    "Pipelines",
    "Clusters",
    "Services",
    "Platforms",
    "Workloads",
    "Architectures",
    "Teams",
    "Databases",
    "Deployments",
    "Caches",
    "Queues",
];
const PROSE: &[&str] = &[
    "this",
    "article",
    "explains",
    "how",
    "we",
    "built",
    "a",
    "reliable",
    "system",
    "for",
    "high",
    "throughput",
    "with",
    "low",
    "latency",
    "and",
    "the",
    "trade-offs",
    "between",
    "consistency",
    "availability",
    "in",
    "production",
    "covering",
    "design",
    "failure",
    "modes",
    "lessons",
    "learned",
    "practical",
    "examples",
    "benchmarks",
    "show",
    "that",
    "simple",
    "approaches",
    "often",
    "win",
    "when",
    "data",
    "grows",
    "across",
    "regions",
    "teams",
    "services",
    "requests",
    "per",
    "second",
    "memory",
    "usage",
    "drops",
    "after",
    "careful",
    "profiling",
    "of",
    "hot",
    "paths",
    "caches",
    "queues",
    "retries",
    "timeouts",
    "observability",
    "matters",
];
const CATEGORIES: [&str; 12] = [
    "Backend Development",
    "Big Data",
    "Cloud Computing",
    "Cloud Native",
    "Databases",
    "Fundamentals",
    "Operations",
    "Frontend",
    "Security",
    "Machine Learning",
    "Mobile",
    "Career",
];
const FIRST: &[&str] = &["Ada", "Lin", "Sam", "Mei", "Ravi", "Olga", "Tom", "Ana", "Kenji", "Zoe", "Ali", "Eve"];
const LAST: &[&str] = &["Chen", "Okafor", "Novak", "Silva", "Kim", "Müller", "Rossi", "Haddad", "Ito", "Berg"];

/// The name of synthetic tag `i`: a technical term, numbered past the first hundred.
pub fn tag_name(i: usize) -> String {
    match i / TECH.len() {
        0 => TECH[i].to_string(),
        k => format!("{} {}", TECH[i % TECH.len()], k + 1),
    }
}

/// Cumulative Zipf(s = 1) weights over `n` ranks, for sampling by binary search.
fn zipf_cdf(n: usize) -> Vec<f64> {
    let mut acc = 0.0;
    (1..=n)
        .map(|k| {
            acc += 1.0 / k as f64;
            acc
        })
        .collect()
}

/// `n` synthetic articles for `seed`.
pub fn articles(n: usize, seed: u64) -> Vec<Article> {
    let mut rng = Rng::new(seed);
    let tag_count = (n / 20).max(1);
    let cdf = zipf_cdf(tag_count);
    let total = *cdf.last().expect("at least one tag");
    let authors: Vec<String> = (0..(n / 200).max(1))
        .map(|i| format!("{} {} {}", FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()], i / 120 + 1))
        .collect();
    let start = Date::from_ymd(2016, 1, 1).expect("valid").0;
    let span = Date::from_ymd(2026, 1, 1).expect("valid").0 - start;
    (0..n)
        .map(|_| {
            let mut tags: Vec<String> = Vec::new();
            let want = 1 + rng.below(5);
            while tags.len() < want.min(tag_count) {
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
                let t = tag_name(cdf.partition_point(|&c| c < u).min(tag_count - 1));
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let title = format!(
                "{} {} with {}: {} {} {}",
                rng.pick(VERBS),
                rng.pick(NOUNS),
                tags[0],
                rng.pick(PROSE),
                rng.pick(PROSE),
                rng.pick(TECH)
            );
            let words = 25 + rng.below(30);
            let mut summary = String::new();
            for w in 0..words {
                if w > 0 {
                    summary.push(' ');
                }
                let word: &&str = if rng.below(8) == 0 { rng.pick(TECH) } else { rng.pick(PROSE) };
                summary.push_str(word);
            }
            summary.push('.');
            let likes = (rng.next_u64() % 1000) as u32;
            Article {
                author: Some(rng.pick(&authors).clone()),
                date: Some(Date(start + rng.below(span as usize) as i32)),
                category: Some(rng.pick(&CATEGORIES).to_string()),
                summary,
                tags,
                likes: Some(likes * likes / 2000),
                read_minutes: Some(1 + rng.below(40) as u32),
                ..Article::titled(title)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_shaped_as_documented() {
        let a = articles(2000, 7);
        assert_eq!(a, articles(2000, 7));
        assert_ne!(a, articles(2000, 8));
        let tags: std::collections::BTreeSet<_> = a.iter().flat_map(|x| x.tags.iter()).collect();
        assert!(tags.len() <= 100 && tags.len() > 50, "{}", tags.len());
        assert!(a.iter().all(|x| (1..=5).contains(&x.tags.len())));
        let authors: std::collections::BTreeSet<_> = a.iter().map(|x| &x.author).collect();
        assert_eq!(authors.len(), 10);
        // Zipf: the most common tag is far more common than the median one.
        let first = a.iter().filter(|x| x.tags.contains(&tag_name(0))).count();
        let mid = a.iter().filter(|x| x.tags.contains(&tag_name(50))).count();
        assert!(first > 10 * mid.max(1), "{first} vs {mid}");
    }
}
