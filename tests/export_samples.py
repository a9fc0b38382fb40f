"""The five papers of the user's page as resolved papers, built from their true metadata.

Facts are from the papers' arXiv records and their proceedings pages (NeurIPS 2017 vol. 30,
PMLR vol. 119, USENIX Security '19, ICLR 2019 on OpenReview); abstracts are the page's. Also a
journal article with a DOI and a hostile paper whose text tries every special character.
"""

from __future__ import annotations

import datetime as dt

from paperkit.models import Author, Paper, ReadingGroup, Session, Venue, VenueKind

ATTENTION_ABSTRACT = (
    "The dominant sequence transduction models are based on complex recurrent or convolutional "
    "neural networks in an encoder-decoder configuration. The best performing models also connect "
    "the encoder and decoder through an attention mechanism. We propose a new simple network "
    "architecture, the Transformer, based solely on attention mechanisms, dispensing with "
    "recurrence and convolutions entirely. Experiments on two machine translation tasks show these "
    "models to be superior in quality while being more parallelizable and requiring significantly "
    "less time to train. Our model achieves 28.4 BLEU on the WMT 2014 English-to-German "
    "translation task, improving over the existing best results, including ensembles by over 2 "
    "BLEU. On the WMT 2014 English-to-French translation task, our model establishes a new "
    "single-model state-of-the-art BLEU score of 41.8 after training for 3.5 days on eight GPUs, a "
    "small fraction of the training costs of the best models from the literature. We show that the "
    "Transformer generalizes well to other tasks by applying it successfully to English "
    "constituency parsing both with large and limited training data."
)
SAFETY_ABSTRACT = (
    "Machine learning (ML) systems are rapidly increasing in size, are acquiring new capabilities, "
    "and are increasingly deployed in high-stakes settings. As with other powerful technologies, "
    "safety for ML should be a leading research priority. In response to emerging safety "
    "challenges in ML, such as those introduced by recent large-scale models, we provide a new "
    "roadmap for ML Safety and refine the technical problems that the field needs to address. We "
    'present four problems ready for research, namely withstanding hazards ("Robustness"), '
    'identifying hazards ("Monitoring"), reducing inherent model hazards ("Alignment"), and '
    'reducing systemic hazards ("Systemic Safety"). Throughout, we clarify each problem\'s '
    "motivation and provide concrete research directions."
)
CTGAN_ABSTRACT = (
    "In 2018, clinics and hospitals were hit with numerous attacks leading to significant data "
    "breaches and interruptions in medical services. An attacker with access to medical records "
    "can do much more than hold the data for ransom or sell it on the black market.\n\n"
    "In this paper, we show how an attacker can use deep-learning to add or remove evidence of "
    "medical conditions from volumetric (3D) medical scans. An attacker may perform this act in "
    "order to stop a political candidate, sabotage research, commit insurance fraud, perform an "
    "act of terrorism, or even commit murder. We implement the attack using a 3D conditional GAN "
    "and show how the framework (CT-GAN) can be automated. Although the body is complex and 3D "
    "medical scans are very large, CT-GAN achieves realistic results which can be executed in "
    "milliseconds.\n\n"
    "To evaluate the attack, we focused on injecting and removing lung cancer from CT scans. We "
    "show how three expert radiologists and a state-of-the-art deep learning AI are highly "
    "susceptible to the attack. We also explore the attack surface of a modern radiology network "
    "and demonstrate one attack vector: we intercepted and manipulated CT scans in an active "
    "hospital network with a covert penetration test."
)
SIMCLR_ABSTRACT = (
    "This paper presents SimCLR: a simple framework for contrastive learning of visual "
    "representations. We simplify recently proposed contrastive self-supervised learning "
    "algorithms without requiring specialized architectures or a memory bank. In order to "
    "understand what enables the contrastive prediction tasks to learn useful representations, we "
    "systematically study the major components of our framework. We show that (1) composition of "
    "data augmentations plays a critical role in defining effective predictive tasks, (2) "
    "introducing a learnable nonlinear transformation between the representation and the "
    "contrastive loss substantially improves the quality of the learned representations, and (3) "
    "contrastive learning benefits from larger batch sizes and more training steps compared to "
    "supervised learning. By combining these findings, we are able to considerably outperform "
    "previous methods for self-supervised and semi-supervised learning on ImageNet. A linear "
    "classifier trained on self-supervised representations learned by SimCLR achieves 76.5% top-1 "
    "accuracy, which is a 7% relative improvement over previous state-of-the-art, matching the "
    "performance of a supervised ResNet-50. When fine-tuned on only 1% of the labels, we achieve "
    "85.8% top-5 accuracy, outperforming AlexNet with 100X fewer labels."
)
LOTTERY_ABSTRACT = (
    "Neural network pruning techniques can reduce the parameter counts of trained networks by over "
    "90%, decreasing storage requirements and improving computational performance of inference "
    "without compromising accuracy. However, contemporary experience is that the sparse "
    "architectures produced by pruning are difficult to train from the start, which would "
    "similarly improve training performance.\n\n"
    "We find that a standard pruning technique naturally uncovers subnetworks whose "
    "initializations made them capable of training effectively. Based on these results, we "
    'articulate the "lottery ticket hypothesis:" dense, randomly-initialized, feed-forward '
    'networks contain subnetworks ("winning tickets") that - when trained in isolation - reach '
    "test accuracy comparable to the original network in a similar number of iterations. The "
    "winning tickets we find have won the initialization lottery: their connections have initial "
    "weights that make training particularly effective.\n\n"
    "We present an algorithm to identify winning tickets and a series of experiments that support "
    "the lottery ticket hypothesis and the importance of these fortuitous initializations. We "
    "consistently find winning tickets that are less than 10-20% of the size of several "
    "fully-connected and convolutional feed-forward architectures for MNIST and CIFAR10. Above "
    "this size, the winning tickets that we find learn faster than the original network and reach "
    "higher test accuracy."
)


def _authors(*names: str) -> tuple[Author, ...]:
    return tuple(Author(name=name) for name in names)


ATTENTION = Paper(
    title="Attention Is All You Need",
    authors=_authors(
        "Ashish Vaswani",
        "Noam Shazeer",
        "Niki Parmar",
        "Jakob Uszkoreit",
        "Llion Jones",
        "Aidan N. Gomez",
        "Łukasz Kaiser",
        "Illia Polosukhin",
    ),
    abstract=ATTENTION_ABSTRACT,
    year=2017,
    venue=Venue(
        acronym="NeurIPS",
        name="Conference on Neural Information Processing Systems",
        year=2017,
        kind=VenueKind.CONFERENCE,
        volume="30",
        proceedings="Advances in Neural Information Processing Systems 30",
        publisher="Curran Associates, Inc.",
        raw="NIPS 2017",
    ),
    pages="5998--6008",
    arxiv_id="1706.03762",
    arxiv_version=7,
    url="https://proceedings.neurips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html",
    pdf_url="https://arxiv.org/pdf/1706.03762v7",
    categories=("cs.CL", "cs.LG"),
    published=dt.date(2017, 6, 12),
)
SAFETY = Paper(
    title="Unsolved Problems in ML Safety",
    authors=_authors("Dan Hendrycks", "Nicholas Carlini", "John Schulman", "Jacob Steinhardt"),
    abstract=SAFETY_ABSTRACT,
    year=2021,
    venue=Venue(
        acronym="arXiv", name="arXiv", year=2021, kind=VenueKind.PREPRINT, raw="arXiv 2021"
    ),
    arxiv_id="2109.13916",
    arxiv_version=5,
    url="https://arxiv.org/abs/2109.13916",
    pdf_url="https://arxiv.org/pdf/2109.13916v5",
    categories=("cs.LG", "cs.AI", "cs.CL", "cs.CV"),
    published=dt.date(2021, 9, 28),
)
CTGAN = Paper(
    title="CT-GAN: Malicious Tampering of 3D Medical Imagery using Deep Learning",
    authors=_authors("Yisroel Mirsky", "Tom Mahler", "Ilan Shelef", "Yuval Elovici"),
    abstract=CTGAN_ABSTRACT,
    year=2019,
    venue=Venue(
        acronym="USENIX Security",
        name="USENIX Security Symposium",
        year=2019,
        kind=VenueKind.CONFERENCE,
        proceedings="28th USENIX Security Symposium (USENIX Security 19)",
        publisher="USENIX Association",
        raw="USENIX Security 2019",
    ),
    pages="461--478",
    arxiv_id="1901.03597",
    arxiv_version=3,
    url="https://www.usenix.org/conference/usenixsecurity19/presentation/mirsky",
    pdf_url="https://www.usenix.org/system/files/sec19-mirsky_0.pdf",
    categories=("cs.CR", "cs.AI", "cs.LG"),
    published=dt.date(2019, 1, 11),
)
SIMCLR = Paper(
    title="A Simple Framework for Contrastive Learning of Visual Representations",
    authors=_authors("Ting Chen", "Simon Kornblith", "Mohammad Norouzi", "Geoffrey Hinton"),
    abstract=SIMCLR_ABSTRACT,
    year=2020,
    venue=Venue(
        acronym="ICML",
        name="International Conference on Machine Learning",
        year=2020,
        kind=VenueKind.CONFERENCE,
        volume="119",
        proceedings="Proceedings of the 37th International Conference on Machine Learning",
        series="Proceedings of Machine Learning Research",
        publisher="PMLR",
        raw="ICML 2020",
    ),
    pages="1597--1607",
    arxiv_id="2002.05709",
    arxiv_version=3,
    url="https://proceedings.mlr.press/v119/chen20j.html",
    pdf_url="https://proceedings.mlr.press/v119/chen20j/chen20j.pdf",
    categories=("cs.LG", "cs.CV", "stat.ML"),
    published=dt.date(2020, 2, 13),
)
LOTTERY = Paper(
    title="The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
    authors=_authors("Jonathan Frankle", "Michael Carbin"),
    abstract=LOTTERY_ABSTRACT,
    year=2019,
    venue=Venue(
        acronym="ICLR",
        name="International Conference on Learning Representations",
        year=2019,
        kind=VenueKind.CONFERENCE,
        publisher="OpenReview.net",
        raw="ICLR 2019",
    ),
    arxiv_id="1803.03635",
    arxiv_version=5,
    url="https://openreview.net/forum?id=rJl-b3RcF7",
    pdf_url="https://arxiv.org/pdf/1803.03635v5",
    categories=("cs.LG", "cs.AI", "cs.NE"),
    published=dt.date(2018, 3, 9),
)
FIVE = (ATTENTION, SAFETY, CTGAN, SIMCLR, LOTTERY)
"""The user's page's papers, in page order."""

GROUP = ReadingGroup(
    name="ML Reading Group",
    sessions=(
        Session(papers=(ATTENTION,), leaders=("Darius Lam",)),
        Session(papers=(SAFETY,), leaders=("Warren Sunada-Wong",)),
        Session(papers=(CTGAN,), leaders=("Deepak Singh",)),
        Session(papers=(SIMCLR,), leaders=("Darius Lam",)),
        Session(papers=(LOTTERY,), leaders=("Deepak Singh",)),
    ),
)
"""The user's page as a group: five sessions, one paper each."""

LAMPORT = Paper(
    title="Who builds a house without drawing blueprints?",
    authors=_authors("Leslie Lamport"),
    year=2015,
    venue=Venue(
        acronym="CACM",
        name="Communications of the ACM",
        year=2015,
        kind=VenueKind.JOURNAL,
        volume="58",
        issue="4",
        publisher="Association for Computing Machinery",
    ),
    pages="38--41",
    doi="10.1145/2736348",
    url="https://doi.org/10.1145/2736348",
)
"""A journal article with a DOI (DBLP's record of it is in ../shared/fixtures/bibtex)."""

RESNET = Paper(
    title="Identity Mappings in Deep Residual Networks",
    authors=_authors("Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"),
    year=2016,
    venue=Venue(
        acronym="ECCV",
        name="European Conference on Computer Vision",
        year=2016,
        kind=VenueKind.CONFERENCE,
        volume="9908",
        proceedings="Computer Vision -- ECCV 2016",
        series="Lecture Notes in Computer Science",
        publisher="Springer",
    ),
    pages="630--645",
    doi="10.1007/978-3-319-46493-0_38",
    url="https://doi.org/10.1007/978-3-319-46493-0_38",
    arxiv_id="1603.05027",
    categories=("cs.CV",),
)
"""A DOI with an underscore, which must reach LaTeX unescaped and still compile."""

HOSTILE = Paper(
    title=(
        "50% of {Unbalanced} braces} & $x_1^2$ # ~ \\ back <b>|</b> "
        "in GPT-4's Ångström-scale CT-GAN"
    ),
    authors=(
        Author(name="Ulrike von Luxburg"),
        Author(name="Martin Luther King Jr."),
        Author(name="Florence d'Alché-Buc"),
        Author(name="OpenAI Team"),
        Author(name="Plato"),
        Author(given="danah", family="boyd"),
        Author(given="Juan", family="de la Cruz"),
        Author(name="Søren Kierkegaard"),
    ),
    abstract=(
        "A <script>alert(1)</script> abstract & 100% {unbalanced\n\n# not a heading\n\n- nor a list"
    ),
    year=2024,
    venue=Venue(name="Workshop on Hostile Inputs", kind=VenueKind.WORKSHOP, year=2024),
    pages="1--2",
    url="https://example.org/a_b%20c?q={x}#frag",
)
"""Every character that could break a BibTeX, LaTeX or Markdown file, and awkward names."""
