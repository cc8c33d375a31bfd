//! What a rebuild renders: the jobs that depend on what changed, each
//! under a key that outlasts one site's lists.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::render::Job;
use crate::site::{Listing, Site};

/// A job named by what outlasts one site's lists: a transcript by its
/// source path (which survives a change of slug), a topic or speaker by
/// its slug.
pub(super) type JobKey = Job<PathBuf, String, String>;

/// What made a set of files in the output: the key under which they are
/// remembered between rebuilds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Maker {
    Job(JobKey),
    /// The theme's and the site's static files.
    Static,
    /// Every page of the editions of the site in other languages: the
    /// translations are few, and are rendered again on every rebuild.
    Editions,
}

/// What a session will render: each job with its key, and the keys that
/// exist in the new site (the files of any other key are removed).
pub(super) struct Plan {
    pub(super) jobs: Vec<(Maker, Job)>,
    pub(super) keys: BTreeSet<Maker>,
}

impl Plan {
    /// Every job of `site`, and its static files.
    pub(super) fn everything(site: &Site) -> Plan {
        let jobs: Vec<(Maker, Job)> = Job::all(site)
            .into_iter()
            .map(|job| (maker(site, job), job))
            .collect();
        let mut keys: BTreeSet<Maker> = jobs.iter().map(|(k, _)| k.clone()).collect();
        keys.insert(Maker::Static);
        keys.insert(Maker::Editions);
        Plan { jobs, keys }
    }

    /// Whether it renders `job`.
    pub(super) fn makes(&self, job: Job) -> bool {
        self.jobs.iter().any(|(_, j)| *j == job)
    }

    /// The jobs of `new` that depend on the transcripts at `paths`, as
    /// they were in `old` and as they are now.
    pub(super) fn transcripts(old: &Site, new: &Site, paths: &BTreeSet<PathBuf>) -> Plan {
        let all = Plan::everything(new);
        let by_path = |site: &Site, path: &PathBuf| {
            site.transcripts.iter().find(|t| &t.path == path).cloned()
        };
        let mut wanted: BTreeSet<JobKey> = BTreeSet::new();
        for path in paths {
            let (before, after) = (by_path(old, path), by_path(new, path));
            wanted.insert(Job::Transcript(path.clone()));
            if let (Some(b), Some(a)) = (&before, &after)
                && indexed_alike(b, a)
            {
                continue;
            }
            // The site's own files too: whether any transcript has a recording
            // decides whether the player's script is written.
            wanted.extend([
                Job::Home,
                Job::Topics,
                Job::Speakers,
                Job::Search,
                Job::Publish,
            ]);
            for t in before.iter().chain(&after) {
                for name in topic_names(t) {
                    if let Some(topic) = new.topic(name) {
                        wanted.insert(Job::Topic(topic.slug.to_string()));
                    }
                }
                for label in t.speaking() {
                    if let Some(speaker) = new.speaker(t.speaker_name(label)) {
                        wanted.insert(Job::Speaker(speaker.slug.to_string()));
                    }
                }
            }
        }
        let jobs = all
            .jobs
            .into_iter()
            .filter(|(key, _)| matches!(key, Maker::Job(job) if wanted.contains(job)))
            .collect();
        Plan {
            jobs,
            keys: all.keys,
        }
    }
}

/// What makes the files of `job` in `site`.
fn maker(site: &Site, job: Job) -> Maker {
    Maker::Job(job.map(
        |t| site.transcripts[t].path.clone(),
        |p| site.topics[p].slug.to_string(),
        |s| site.speakers[s].slug.to_string(),
    ))
}

/// Whether two versions of a transcript put the same things in the site's
/// indexes and lists: then only its own pages change.
pub(super) fn indexed_alike(a: &Listing, b: &Listing) -> bool {
    a == b
}

/// Every topic a transcript names, as a whole or for a question.
fn topic_names(t: &Listing) -> impl Iterator<Item = &str> {
    t.meta
        .topics
        .iter()
        .chain(t.questions.iter().flat_map(|q| &q.topics))
        .map(String::as_str)
}
