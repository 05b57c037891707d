import type { DemoArticle } from '../demo-article.ts';

export const cultureArticles: readonly DemoArticle[] = [
  {
    slug: 'marseille-museum-of-sea-crossings-opens',
    section: 'culture',
    headline: "Marseille's museum of sea crossings opens in a warehouse built to outlast the tide",
    standfirst:
      'After five years and €84 million, a derelict sugar store on the old quays reopens with 12,000 objects, 600 recorded voices and a flood-proof vault below the harbour waterline.',
    dateline: 'MARSEILLE',
    authors: ['claire-dubois'],
    access: 'metered',
    hoursAgo: 10.5,
    image: {
      motif: 'harbour',
      light: 'dawn',
      alt: 'An illustrated harbour at dawn, with long stone warehouses along a quay and pale pink light on still water',
      caption: 'The old quays of Marseille, where a former sugar warehouse has reopened as a museum of Mediterranean crossings.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `Marseille's newest museum is, in a sense, one of its oldest buildings on the water. The Musée des Traversées, which opens to the public on Saturday in a sugar warehouse that stood empty for almost three decades, has spent five years and €84 million turning 11,000 square metres of brick, cast iron and pigeon damage into a home for the city's long, untidy history of people arriving and leaving by sea.

The collection it brings together was, until now, scattered across four municipal stores, a naval archive and the back rooms of two maritime associations. It runs to roughly 12,000 objects: ship models and passenger manifests, dockers' tools, ex-voto paintings left in chapels by sailors who survived storms, café menus printed in three alphabets, and some 600 recorded interviews with ferry crews, fishermen, stevedores and families who came through the port over the past century.

"We did not want a museum of ships," said Hélène Marchetti, the museum's director, walking the main hall on Thursday as technicians adjusted the last lights. "We wanted a museum of crossings — of what people carried, what they were allowed to keep, and what they had to leave on the quay."

## A vault below the waterline

The most ambitious part of the project cannot be seen from the street. The architects, the local practice Atelier Vauclair, dug two storage levels beneath the warehouse floor, partly below the level of the harbour. They hold the fragile parts of the collection — textiles, paper, the wax cylinders from which the earliest sound recordings were transferred — in rooms kept at 18 degrees and 50 per cent humidity.

Building a vault under a port was not an obvious choice. It drew objections at the planning stage from a residents' association worried about flooding, and from conservators who argued that collections should move uphill, not down, as sea levels rise. Lucien Ferraud, the engineer who led the structural work, said the basement sits inside a sealed concrete shell with pumps sized for a one-in-500-year storm surge, and that the most vulnerable items are stored on the upper of the two levels. "We have designed for the sea we expect in 2100, not the one we have today," he said. The museum has also agreed to publish its flood-risk assessment, a step rarely taken by cultural institutions in France.

## What visitors will find

The opening display, "Tenir la mer" ("Holding the sea"), fills the ground floor and a mezzanine, and is organised not by period but by gesture: embarking, waiting, working, arriving. It is strongest where the objects are smallest. Among the pieces the curators expect to draw crowds:

- a cardboard suitcase, patched with tram tickets, carried off a ferry by a 14-year-old girl in the 1960s
- a 19th-century ex-voto of a coral-fishing boat caught in a mistral, painted by a sailor who signed himself only "Baptistin"
- a listening room offering all 600 oral histories, transcribed and translated into French, Arabic, Armenian, Italian and English
- the handwritten logbook of the cargo ship Sainte-Odile, kept by its cook for 31 years

Not everything works. The mezzanine's sections on the port's 20th-century trade are thin, leaning heavily on wall text and a large, slightly bewildering interactive map. And the decision to tell the story of the war years mainly through shipping documents, rather than the people named in them, feels cautious for a museum that elsewhere trusts its visitors with difficult material.

But the listening room is something else. Sitting on a bench built from salvaged quay timber, I heard a retired ferry engineer, recorded in 2009, describe the sound of a ship's engines changing note as it cleared the breakwater, and how for years afterwards he could not sleep on land without a fan running to imitate it. Nadia Belkacem, the curator who led the oral history programme, said the recordings were the part of the project she had most feared would be cut. "Objects survive because someone decides to keep them," she said. "Voices usually don't."

## Prices, visitors and what comes next

Entry costs €9, with free admission for under-26s, and for residents of the city on the first Sunday of each month. The museum expects about 350,000 visitors in its first year, a figure Ms Marchetti called "ambitious but not foolish" given the cruise passengers who walk past the building every day in season. Roughly a fifth of its €6.2 million annual running budget is expected to come from tickets; the rest from the city, the region and a foundation endowed by a local shipping family that has asked not to be named on the building.

The first temporary exhibition, planned for next year, will be devoted to the songs of ferry crews who worked the routes between Marseille and North Africa, drawn partly from recordings found in the museum's own stores during the move. Cataloguing is far from finished: Ms Belkacem estimates that about 2,000 items have yet to be fully described, and the museum will invite visitors to help identify the people in unlabelled photographs through a reading room due to open within months.`,
  },
  {
    slug: 'the-weighing-house-review-dublin-family-drama',
    section: 'culture',
    headline: 'The Weighing House review: a Dublin family drama with a heavy, beating heart',
    standfirst:
      "Niamh Corrigan's first play for a main stage overstays its welcome by 20 minutes, but Róisín Ahern's performance as a widow who weighs everything except her own grief is unforgettable.",
    dateline: 'DUBLIN',
    authors: ['claire-dubois'],
    access: 'free',
    hoursAgo: 27,
    image: {
      motif: 'river',
      light: 'night',
      alt: 'An illustrated city river at night, with lamps along the quay walls reflected in dark water and a low bridge in the distance',
      caption: 'The river quays of Dublin, not far from the kind of port-side yard where the Mulcahy family keeps its scales.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `There is a weighbridge at the centre of Niamh Corrigan's new play, and for the first hour it does most of the acting. Set into the stage of the Quayside Playhouse like a trapdoor, its iron plate is where lorries of grain, scrap and, in one memorable scene, an entire wedding marquee are weighed by the Mulcahy family, who have run the business on the edge of the port since 1958. Every time the needle swings, somebody's fortune swings with it.

Corrigan, whose earlier plays were staged mostly in small rooms above pubs, has written her first piece for a main stage, and it shows in both directions. The Weighing House has scale and ambition: three generations, an offer from a logistics company, a will that says one thing and a ledger that says another. It also has perhaps 20 minutes too many, most of them in a second act that keeps reopening arguments the first had settled.

What carries it is the cast. Róisín Ahern plays Bríd Mulcahy, the widow who knows every driver's load to the kilo and none of her children's secrets, with a dry, exact stillness that makes her rare outbursts land like dropped anvils. Declan Foyle, as the elder son who wants to sell, finds real pathos in a man who has spent 30 years being told he is no good with numbers. The younger actors are less settled, though Aoife Brennan's brief turn as a customs inspector is a small comic gem.

The director, Tom Keaveney, keeps the staging spare — a desk, a kettle, a calendar from a tyre company — and lets Sinéad Moran's lighting do the weather, moving from the sodium orange of night shifts to a flat, forgiving morning grey. The final image, of Bríd standing alone on the plate as the needle settles on her weight, is simple and devastating, and worth the wait.

It is not yet the play it wants to be. But it is the work of a writer who has found a big subject and is still learning how much room it needs. The Weighing House runs at the Quayside Playhouse for six weeks.`,
  },
  {
    slug: 'the-night-inventory-review-department-store-novel',
    section: 'culture',
    headline: "The Night Inventory review: a department store's last shift becomes a life's accounting",
    standfirst:
      "Ilse Marquardt's third novel, now in English, follows a Leipzig shop assistant through one night of stocktaking and three decades of change, and turns a list of saucepans into something profound.",
    dateline: 'LONDON',
    authors: ['claire-dubois'],
    access: 'registered',
    hoursAgo: 74,
    image: {
      motif: 'night-city',
      light: 'night',
      alt: 'An illustrated city square at night, with one large building whose upper floor windows are still lit while the street below is empty',
      caption: "A city square in Leipzig, where the novel's department store spends its last night before closing for good.",
      credit: 'Illustration: Courier graphics desk',
    },
    body: `Every shop, sooner or later, has to count what it has. In the small hours of a January night in 2019, in a department store on a Leipzig square, Renate Sommer — 61, head of household goods, employed in the building since before the Wall fell — begins the final inventory before it closes for good. By morning she must account for every saucepan, lampshade and boxed set of wine glasses on the fourth floor. The question Ilse Marquardt's remarkable third novel asks is whether a life can be counted the same way.

The Night Inventory, published this week in Martin Hale's supple translation, was a quiet success in Germany, where it sold steadily for two years on the strength of booksellers' recommendations rather than prizes. It is easy to see why it travelled by word of mouth. This is a book that asks to be pressed into someone else's hands with an instruction: trust it, it gets better.

## Counting what is left

The structure is strict. Each of the 41 chapters is headed by an item and a number — "Casserole dish, enamel, orange: 14", "Ironing board covers, assorted: 63" — and each opens with Renate on the shop floor, clipboard in hand, somewhere between ten at night and six in the morning. From there the chapters drift. A set of egg cups returns her to the state-run store the building housed in the 1980s, when she was a junior assistant and queues formed at dawn for a rumoured delivery of Hungarian crockery. A display of unsold Christmas lights brings back the autumn of 1989, and a colleague who left for the West one weekend and sent a single postcard.

Marquardt is careful not to turn this into a history lesson. The great events of the period happen at the edges, as they mostly do for people with shifts to work: the demonstrations are something Renate hears through a stockroom window; reunification arrives as a new cash register with a manual written in acronyms. At the centre is something smaller and harder to write about — the texture of a working life spent in one building under three different owners, and the odd intimacy of knowing a place's stock better than your own cupboards.

Hale's translation handles the lists beautifully, which is no small thing in a book built of them. He resists the temptation to smooth the store's catalogue into English elegance, so that it keeps its bureaucratic music. And he finds an English for Renate's voice that is neither folksy nor flat: wry, precise, a little tired. Here she is near the midpoint, alone on the fourth floor at three in the morning:

> I have counted these cups four times and each time there are nineteen. The system says twenty. Somewhere in this building there is a cup that exists only in a computer, and I find that I am jealous of it. Nobody will have to decide what to do with it tomorrow.

## A cast glimpsed between the shelves

The risk with a single-night, single-narrator novel is claustrophobia, and Marquardt eases it with a small cast who drift in and out. There is Jannik, the 23-year-old security guard who keeps bringing Renate coffee and asking about the old days, questions she answers with less patience than he deserves. There is Frau Ostrowski from cosmetics, whose count finished hours ago but who cannot bring herself to go home. And there is the new owner's representative, a young consultant from Frankfurt who appears at four in the morning with a tablet and a vocabulary of "transition" and "footprint" that Renate silently translates into plainer words.

The consultant is the book's one misstep. He is drawn too broadly, a symbol of everything Renate's world is not, and the scenes between them tip into caricature in a way nothing else in the novel does. Marquardt seems to sense it: he disappears after two chapters and is barely mentioned again.

Jannik is a far subtler creation. Born after reunification, he has no memory of the store's earlier lives, and his curiosity about them is both touching and faintly proprietorial, as if the past were one more product he might acquire. Their conversations, held between aisles at odd hours, are the nearest the novel comes to an argument about who gets to tell the story of a place — and Marquardt, to her credit, declines to settle it.

## An ending without a total

Readers hoping for a revelation in the final pages — a secret in the stockroom, a long-lost letter — will be disappointed, and should be. The Night Inventory ends, as inventories do, with a figure that is not quite right and a decision to sign anyway. Renate walks out into a grey morning, hands her keys to a man she does not know, and goes to catch a tram. It is an ending of great restraint, and it lands harder than any twist could.

This is not a book for readers in a hurry. Its pleasures are cumulative, and the first 60 pages, dense with stock codes and floor plans, will test some patience. Those who stay will find a novel of unusual tenderness about work, about the objects we pass through our hands without noticing, and about the unrecorded loyalty people can feel for the buildings that employ them. It is the best novel about a shop I have read, and one of the finest about a country that disappeared while its citizens were still at work.

The Night Inventory by Ilse Marquardt, translated from the German by Martin Hale, is published by Harrow & Finch (336 pages, £18.99).`,
  },
  {
    slug: 'montreal-quartet-records-album-in-grain-elevator',
    section: 'culture',
    headline: 'A Montreal string quartet records its new album inside a disused grain elevator',
    standfirst:
      'An 11-second echo, six midnight sessions and a commission written for the room: the Quatuor Lachine explains what it took to make concrete sing before the building becomes flats.',
    dateline: 'MONTREAL',
    authors: ['claire-dubois'],
    access: 'metered',
    hoursAgo: 152,
    image: {
      motif: 'river',
      light: 'overcast',
      alt: 'An illustrated canal under a grey sky, with a tall concrete grain elevator rising beside the water and bare trees along the towpath',
      caption: 'The Lachine Canal in Montreal, near the disused grain elevator where the quartet spent six nights recording.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `The reverberation inside the grain elevator lasts 11 seconds. That, says the cellist Mathilde Ouellet, is both the reason the Quatuor Lachine went there and the problem it spent six nights trying to solve.

The Montreal string quartet, founded in 2014 and best known in Canada for its recordings of 20th-century Quebec composers, has just finished recording its fourth album in a decommissioned concrete elevator by the Lachine Canal. The building was lent for the purpose by the property developer that bought the site last year and plans to convert it into housing. The album, provisionally titled Silo Hours, is due out in about four months on the independent label Grève Records, and will be followed by a short tour of industrial buildings in Quebec and Ontario.

"In a concert hall, a note dies in two seconds and you play the next one," Ms Ouellet said, sitting on an upturned crate on the elevator's ground floor, which had been cleared of pigeons the week before. "Here a chord is still hanging in the air when you're three bars further on. You either fight it or you write for it."

## Music written for the room

The quartet chose to write for it. The centrepiece of the album is a 26-minute work commissioned from the Montreal composer Aurélie Nkemelu-Tremblay, who spent two days in the building before the sessions with a starting pistol and a portable recorder, mapping how sound travelled between the bins. Her piece, Twelve Bins, is built from long, slowly shifting chords that overlap in the air, so that what the listener hears is partly what is being played and partly the building's memory of what was played a moment before.

"It's very slow music, but it is not still," Ms Nkemelu-Tremblay said. "The room is doing half the composing. My job was to leave it enough space." The rest of the album sets her piece alongside arrangements of Renaissance motets — written, she pointed out, for stone churches with echoes almost as long.

Recording in a concrete tower poses difficulties a studio does not. The engineer, Félix Marchand, used 14 microphones, some hung on cables 30 metres up the shaft, and the sessions ran from midnight to five in the morning to avoid the hum of the nearby expressway and the daytime freight trains. The temperature inside rarely rose above 9 degrees, so the players wore fingerless gloves between takes and kept their instruments in heated cases. "We lost one night entirely to a thunderstorm," Mr Marchand said. "The rain on the roof was beautiful, but it was not in the score."

## A wider turn to found spaces

The project is part of a broader move among chamber ensembles towards playing in unconventional buildings, driven partly by artistic curiosity and partly by money: in many Canadian cities, the cost of hiring a concert hall for a recording has risen faster than the grants available to the groups that need one. The quartet's recording budget of about 48,000 Canadian dollars came mostly from a public arts grant, with the remainder raised through a crowdfunding campaign backed by 610 donors.

The sessions also gave the building, closed to the public for more than 20 years, a brief second life. The developer has agreed to let the quartet give two public concerts inside before construction begins, each limited to 120 listeners for safety reasons. Both sold out within an hour.

"People are curious about these buildings," Ms Ouellet said. "They drive past them their whole lives. We wanted them to hear what's inside before it becomes somewhere else."`,
  },
  {
    slug: 'novelists-publishing-chapter-by-chapter-again',
    section: 'culture',
    headline: 'The instalment returns: why novelists are publishing chapter by chapter again',
    standfirst:
      'Weekly email serials and pay-per-chapter apps are winning back readers who say they no longer finish books, and quietly changing how some fiction is written, edited and paid for.',
    dateline: 'PARIS',
    authors: ['claire-dubois', 'samuel-adeyemi'],
    access: 'premium',
    hoursAgo: 311,
    image: {
      motif: 'abstract',
      light: 'day',
      alt: 'An abstract illustration of overlapping paper-coloured rectangles in warm cream and ochre tones, arranged like loose pages in sunlight',
      caption: 'Paris, where the newspaper serial once made novelists famous and where a new generation of writers is reviving the form.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `For most of the past century, the novel arrived whole. You bought it, carried it home, and the question of when you would read the next chapter was entirely yours. That settlement is fraying. Across Europe and beyond, a growing number of novelists are releasing their books the way 19th-century newspapers once did: a chapter at a time, on a schedule, with readers waiting in between.

The forms are new even if the idea is not. Some writers send chapters by email to paying subscribers every week. Others publish through apps that sell fiction by the episode, a few cents a chapter, with the first handful free. A few newspapers and magazines have revived the serial in print and online. What unites them is a bet that the obstacle between many people and a novel is not the story but the size of the commitment.

## What the numbers show

The clearest picture so far comes from a survey published last month by the Fondation Lisière, a Lyon-based charity that funds reading programmes. It questioned 5,100 adults in six countries — France, Germany, Britain, Spain, Nigeria and South Korea — about how they read fiction. Its findings, which the Courier has examined alongside the underlying data, are striking mainly for who serial readers turn out to be.

- 22 per cent of respondents said they had read at least one novel in instalments in the past year, up from 9 per cent when the foundation asked the same question three years earlier.
- Among those aged 18 to 34, the figure was 37 per cent.
- Of the serial readers, 41 per cent said they had not finished a conventional book in the previous 12 months.
- 68 per cent of those who started a serial said they had read it to the end, against 54 per cent for print novels begun over the same period.

The last figure should be treated with caution. People who abandon a serial after two chapters may not think of themselves as having started a book at all, and the survey relies on what respondents remember. South Korea, where web novels sold by the episode are long established, also pulls the averages up: excluding it, the share of serial readers falls to 17 per cent.

Even so, the rise holds in every country surveyed, and it is sharpest among exactly the readers publishers say they cannot reach. "We assumed these were heavy readers adding something to their diet," said Margaux Feldmann, who led the research. "Many of them are people who had drifted away from novels and came back because a chapter felt like something they could say yes to on a Tuesday night."

## Writing for the wait

For writers, the shift is less about distribution than about craft. Karim Benslimane, a novelist from Lille whose two previous books sold modestly in conventional form, began sending his third, Les Locataires, to email subscribers 18 months ago — one chapter every Tuesday morning, for 4 euros a month. It follows the residents of a single apartment block through a year, and now goes out to 38,000 people, roughly ten times the readership of his last novel.

He says the form has changed the book in ways he did not plan. "You become very aware of the end of each chapter. Not a cliffhanger every time — readers get tired of being manipulated — but a reason to come back. A question left in the room." He reads every reply. Twice, he said, readers caught continuity errors he had missed, and once a retired postwoman wrote to correct his account of how letters are sorted at night; he rewrote the following chapter to fit.

That responsiveness is precisely what worries some critics. The feuilleton, the serial novel that filled the lower pages of French newspapers in the 19th century, made household names of writers such as Alexandre Dumas and Eugène Sue. It was also notorious for padding, for plots stretched as long as circulation held up and endings rushed when it fell. Anton Reiss, a literary historian who has written widely on the period, sees familiar pressures returning.

> The serial has always been a contract between two parties, and the writer is not always the stronger one. When your income depends on next week's renewals, the temptation is to give people what they asked for last week. Some writers will resist that brilliantly. Many won't, and we will never notice the books that got worse, because they will not exist in any other version.

Mr Benslimane accepts the risk but not the conclusion. "Dickens watched his sales figures too," he said. "He still wrote Bleak House."

## Who gets paid, and how

The economics are as unsettled as the aesthetics. On subscription newsletters, writers keep most of their revenue after platform and payment fees, but must find and keep their own readers. On the chapter apps, the split is usually less generous and the recommendation algorithm more powerful. Harriet Oyelaran, a British writer who published her novel The Ferry Year through the app Feuillet, said she earned about £11,000 from 46 chapters, paid per reader per chapter, with income concentrated in the first weeks and falling steadily as readers dropped away. "The first chapter pays for everything," she said. "By chapter 40 you are writing for the faithful, and the faithful are a small, beloved, badly paying crowd."

Ms Oyelaran's figures are in line with the foundation's data, which suggest that on pay-per-chapter platforms roughly half of all readers are lost by the tenth instalment, while those who remain rarely leave before the end. That curve rewards openings written to hook and middles written to hold, and it makes a novel that starts slowly a commercial risk in a way it never quite was on a bookshop table.

Conventional publishers are watching, and some are moving. Éditions du Quai Bleu, a mid-sized Paris house, has signed three serial novels for print after their online runs, including Les Locataires, which it will publish as a single volume next year with a first print run of 25,000. Solène Garnier, its editorial director, said the serial audience was a kind of evidence no marketing department could manufacture. "We know the book is finished, we know people read it to the end, and we know 38,000 of them cared enough to pay every month. That is a better proposal than most manuscripts come with."

She is less certain the bound edition will sell to the same readers. The foundation's survey suggests about a third of serial readers would buy a print copy of a serial they had already finished — mostly as a gift, or, as one respondent put it, "to have it on the shelf like a trophy".

It is tempting to read all of this as a symptom of shrinking attention: the novel cut into pieces small enough to compete with a phone. The evidence does not quite support that. Serial readers in the survey reported spending slightly more time on fiction each week than the average respondent, not less. What they had given up was not long reading but open-ended reading — the vague promise to oneself to get through 400 pages at some point.

The serial also restores something the bound book took away: company. Readers of Les Locataires discuss each chapter in a forum Mr Benslimane set up, and several reading groups in Lille and Paris meet on Tuesday evenings to talk over the morning's instalment. Strangers argue about whether the concierge is lying. That is not far from how serials were read in the 19th century, aloud in cafés and kitchens, with a whole street waiting for the next number.

What remains uncertain is whether the form can carry the ambitious, difficult books that have never found large audiences in any format. A serial needs momentum, and not every great novel has it. The risk is not that the instalment replaces the book, but that it quietly shapes which books get written: the ones that break neatly into weekly pieces and reward their readers often.

For now, the two forms seem to be feeding each other. Mr Benslimane is already planning his next serial, and says it will be slower and stranger than the last. "The readers have earned the right to be surprised," he said. "And I have earned the right to lose a few of them."`,
  },
];
