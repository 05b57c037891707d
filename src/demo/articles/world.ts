import type { DemoArticle } from '../demo-article.ts';

export const worldArticles: readonly DemoArticle[] = [
  {
    slug: 'corvana-warring-parties-agree-30-day-ceasefire',
    section: 'world',
    headline: "Corvana's warring parties agree a 30-day ceasefire with unarmed observers",
    standfirst:
      'After eleven days of talks in Geneva, the government and the Eastern Highlands Front accepted unarmed monitors, a prisoner exchange and a corridor for aid, but left the dam at Sarn unresolved.',
    dateline: 'GENEVA',
    authors: ['amara-okafor'],
    access: 'free',
    hoursAgo: 1.5,
    image: {
      motif: 'mountains',
      light: 'dawn',
      alt: 'An illustrated mountain range at dawn, with pale light breaking over the ridges while the valley below is still in shadow',
      caption: 'The highlands of eastern Corvana, where the ceasefire is due to take effect at six on Saturday morning.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `The government of Corvana and the Eastern Highlands Front agreed on Thursday night to a 30-day ceasefire, the first formal pause in a conflict that has displaced roughly 410,000 people since fighting spread across the highland districts two years ago.

The agreement, signed shortly before midnight at a lakeside villa outside Geneva after eleven days of talks, turns a fragile 72-hour truce declared last week into something with rules, maps and people to check them. Both delegations accepted an unarmed observer mission of 40 monitors, a supervised exchange of 118 detainees and a protected road along the Tamsin river that aid convoys will be allowed to use without inspection by either side.

What the text does not do is settle the question that brought the talks close to collapse twice: who controls the hydroelectric dam at Sarn, which supplies about a third of the country's electricity and sits on the line where the two sides' forces have faced each other since March.

## What was agreed

The ceasefire takes effect at 06:00 local time on Saturday. Under its terms, both sides' units are to stay in their present positions, with heavy weapons withdrawn at least 15 kilometres from a line marked on an annex that neither delegation has published. The observers, drawn from five neighbouring states and coordinated by the Hollis Institute for Conflict Mediation, a Geneva-based private mediation group that hosted the talks, are expected to deploy within ten days.

Tobias Ekwall, the joint envoy who chaired the sessions, said the delay between signature and deployment was the agreement's most dangerous period. "The first ten days are when an incident becomes an accusation and an accusation becomes a reason to leave," he told reporters on the villa's steps. "We have built a telephone line between the two field commands for exactly that reason. It is not glamorous, but it is the thing I am proudest of."

The prisoner exchange is to take place in two stages, the first of 60 detainees within a week. A neutral humanitarian organisation, which the text does not name, has been asked to verify the lists; the two delegations will supply names separately.

> Each party undertakes to refrain from any offensive movement, from the laying of new mines and from the obstruction of humanitarian passage along the Tamsin road, and to report any violation to the observer mission before responding to it.

That clause, the third of fourteen in the main text, was the one both delegations pointed to on Thursday as proof of good faith. It was also, according to two people who were in the room, the clause that took longest to draft, because the Front's negotiators initially refused any wording that could be read as recognising the government's checkpoints.

## The dam at Sarn

The dam was the subject of an annex that, in the words of one mediator, "says very little at considerable length". Both sides agreed to let engineers from the national grid operator continue to staff the plant, and to keep the spillway gates under joint technical supervision during the spring floods. Neither side agreed to move its troops away from the reservoir.

Colonel Idris Valen, who led the government delegation, said the capital would not accept a ceasefire that "legitimises the occupation of national infrastructure", but that the engineering arrangement was "a practical step that keeps the lights on in the cities and the water off the villages downstream".

Nadia Orsek, the Front's chief negotiator, described the annex as a beginning. "We did not come to Geneva to hand over the dam, and we have not," she said. "We came to stop the shelling of the towns below it. If that holds for thirty days, we will talk about the rest."

Analysts were cautious. Margit Selander, who studies mediated ceasefires at the Aurland Institute for Peace Research in Bergen, said that roughly half of the agreements in her group's dataset that left a disputed strategic site unresolved had broken down within three months. "Leaving the hardest issue for later is normal, and often wise," she said. "But it only works if both sides believe that later will come."

## What happens next

The two delegations are due to return to Geneva in three weeks for a second round focused on the demarcation of the dam area and on the return of displaced families to the Tamsin valley, where aid agencies estimate that more than 60 per cent of homes have been damaged.

For the humanitarian organisations waiting at the edge of the highlands, the immediate test is the road. Aid agencies say they have 220 lorries of food and seed ready to move once the corridor opens. Lena Fairhurst, who coordinates a consortium of nine aid groups working in the region, said convoys had been turned back at checkpoints eleven times in the past month. "We will know by Monday whether this is real," she said. "The road will tell us before any communique does."

In the capital, the reaction was subdued. State television carried the signing ceremony as its third item, after a report on fuel prices.`,
  },
  {
    slug: 'twenty-two-states-sign-pact-to-track-tankers',
    section: 'world',
    headline: 'Twenty-two states sign pact to track tankers that switch flags to dodge sanctions',
    standfirst:
      'The Brussels accord creates a shared register of ship-to-ship transfers and insurance papers, but the largest open registries stayed away and enforcement will rest on ports rather than navies.',
    dateline: 'BRUSSELS',
    authors: ['amara-okafor', 'jonas-lindqvist'],
    access: 'premium',
    hoursAgo: 27,
    image: {
      motif: 'night-city',
      light: 'night',
      alt: 'An illustrated city at night, its office towers lit window by window against a dark blue sky',
      caption: 'Brussels, where the accord was signed after fourteen months of negotiation.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `Twenty-two governments signed an accord in Brussels on Tuesday that commits them to share, in close to real time, what they know about oil tankers that change names, flags and insurers in order to carry cargoes from sanctioned producers. It is the most ambitious attempt so far to turn a patchwork of national sanctions regimes into something that can follow a ship across an ocean.

The Brussels Maritime Transparency Accord, negotiated over fourteen months, does not create new sanctions. Instead it tries to close the gaps between the measures that already exist, which have been undermined by an ageing fleet of tankers that operate outside the mainstream insurance market, switch off their tracking transponders for days at a time and transfer cargoes between ships in open water, where no port official is watching.

"We have spent years writing rules for the front door while the trade went round the back," said Helena Marchetti, who chaired the negotiations on behalf of the accord's interim secretariat. "This agreement is about the back door. It is not dramatic. It is paperwork, shared quickly, by people who have agreed to trust each other's paperwork."

The signatories include most coastal states along two of the busiest tanker corridors in European waters, four countries whose companies dominate the global marine insurance market and several states with large ship registries. Together, according to the secretariat, their ports handled about 38 per cent of the world's seaborne crude last year.

## How the register will work

At the heart of the accord is a shared register, to be run by a new secretariat in The Hague with 35 staff and an initial budget of 14 million euros a year, split between the signatories according to the tonnage that passes through their ports.

Each signatory undertakes to report three kinds of event within 48 hours:

- any ship-to-ship transfer of crude or refined products in its territorial waters or exclusive economic zone, with the names, identification numbers and flags of both vessels;
- any tanker that enters its waters after its automatic identification system has been off for more than 24 hours without an explanation accepted by the coastal authority;
- any insurance certificate presented by a tanker that the issuing insurer cannot confirm within one working day.

The last provision is the one that shipping lawyers say may matter most. For years, port officials in several countries have been shown certificates of cover from insurers that turned out to be shell companies, or which had cancelled the policy weeks before. Under the accord, participating insurers will confirm or deny a certificate through a single secure portal, rather than by email to a dozen national authorities.

Rupert Ashdown, head of compliance at Calloway Mutual, a London marine insurer that advised the negotiators, said the change would save his team "hundreds of hours a year answering the same question from different ministries". More importantly, he said, it would make forgery pointless. "A fake certificate works only as long as nobody checks it. If every port checks in the same place, a fake is worth nothing."

Ports will not be obliged to turn away ships that appear on the register, a concession that several signatories demanded. But each state has agreed to carry out a detailed inspection — covering safety certificates, crew contracts and the ship's recent track — of any tanker flagged by another signatory, and to publish the results. Officials involved in the talks expect that the inspections alone will make many of the ships in question uninsurable and, in practice, unable to call at most major ports.

## The gaps

The accord's critics, and several of its supporters, point to what is missing. None of the largest open ship registries, which between them flag a substantial share of the world's tanker tonnage, signed the text, although two sent observers to the final session. Nor did any of the states whose oil the sanctions are meant to restrict, or the main buyers of that oil, which were not invited.

Anneli Voss, who studies sanctions enforcement at the Eastgate Institute in Tallinn, said the register would illuminate the trade without necessarily slowing it. "The ships that worry people most do not call at the ports of the signatories," she said. "They load at terminals outside the system, transfer cargo in international waters and unload at terminals outside the system. The accord will tell you more about them. It will not stop them."

Figures compiled for the negotiators by Seawake Analytics, a ship-tracking company, suggest the scale of the problem. Seawake counted 1,340 ship-to-ship transfers of crude oil in the waters covered by the accord last year, of which it classified 410 as "high risk" because at least one of the vessels had changed its flag in the preceding twelve months or had a gap of more than three days in its transponder record. The average age of the tankers involved in those transfers was 19 years, compared with 11 years for the tanker fleet as a whole.

That age profile is one reason coastal states signed up. Several of the governments involved have said privately that their concern is as much environmental as political: an old, poorly maintained tanker without proper insurance, breaking down in a narrow strait, could leave a coastal state to pay for the clean-up of a spill that no insurer will cover.

Costas Lemonis, secretary-general of the Small Tanker Owners' Forum, which represents smaller shipowners, said his members supported the aims of the accord but feared it would punish legitimate operators. "A transponder fails. A ship changes flag because it was sold. A certificate takes two days to confirm because the insurer is in another time zone," he said. "If every one of those becomes a red mark on a shared register, the cost will fall on honest owners, and the dishonest ones will simply avoid the ports where the register is read."

The text tries to meet that objection with an appeals procedure: an owner whose ship has been reported can ask the secretariat to review the entry, and the reporting state must respond within 15 days. Entries that are not confirmed are removed after six months.

## A test for ports, not navies

The accord deliberately leaves out any provision for boarding or detaining ships at sea, an idea that was discussed in the early rounds and dropped after several states warned that it would create legal risks under the law of the sea and the danger of confrontation with the navies of non-signatory states.

A senior diplomat from one of the signatory states, who spoke on condition of anonymity because the final session was closed, said the choice had been between a narrow agreement that many states would sign and a broad one that few would. "There were people in the room who wanted warships," the diplomat said. "What we have instead is customs officers with a good database. I think that is more useful, and it is certainly more likely to last."

Ms Voss was less sure that the choice was so clear. The most effective pressure on the trade, she said, had come when insurers and banks decided the reputational risk was too great, not from inspections. "If the register makes it easier for a bank's compliance officer to say no to a cargo, that is where the accord will bite," she said.

The signatories have given themselves until the end of June to connect their national systems to the register, and the secretariat is to publish its first quarterly report in October. Ms Marchetti said she expected at least six more states to join within a year, and that talks with two of the large registries that sent observers would continue.

The accord also includes a review clause, insisted on by the insurance states, that requires the signatories to meet after two years and assess whether the register has reduced the number of high-risk transfers in their waters. If it has not, the text says, the parties "shall consider further measures", a phrase diplomats acknowledged had been left vague on purpose.

For now, the practical effect will be felt first in coastal harbour offices, where inspectors will begin receiving alerts this summer about ships they would previously have known nothing about. Whether those alerts change the economics of a trade worth tens of billions of dollars a year is a question the signatories, by their own account, cannot yet answer.

"We are not pretending to end anything today," Ms Marchetti said as the delegates left the conference centre. "We are making it more expensive to hide, and in shipping, cost is what changes behaviour."`,
  },
  {
    slug: 'malacca-strait-queues-push-lines-to-lombok',
    section: 'world',
    headline: 'Longer queues in the Malacca Strait push shipping lines to try the Lombok route',
    standfirst:
      'A Singapore consultancy finds the median wait at anchor has risen by almost two-thirds in a year, and one Hong Kong operator says the detour has sometimes proved quicker.',
    dateline: 'SINGAPORE',
    authors: ['mei-chen'],
    access: 'metered',
    hoursAgo: 74,
    image: {
      motif: 'harbour',
      light: 'dawn',
      alt: 'An illustrated anchorage at dawn, with dozens of cargo ships riding at anchor on calm water beneath a pink and orange sky',
      caption: 'Ships at anchor off the southern end of the Strait of Malacca, where waiting times have lengthened this year.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `On a clear morning, the anchorages off the southern end of the Strait of Malacca look like a city that has been built on water overnight: hundreds of hulls, most of them waiting for fuel, crews, spare parts or a berth. A new study suggests the wait is getting longer, and some shipping lines have started to ask whether the strait is still the obvious way between the Indian Ocean and East Asia.

According to Pelican Point Maritime Research, a Singapore consultancy that tracks vessel movements for insurers and charterers, the median time a large cargo ship spent at anchor in the strait's southern approaches before moving on rose to 31 hours in the first quarter of this year, from 19 hours a year earlier. For the largest ships, those of more than 150,000 deadweight tonnes, the median was 44 hours.

The consultancy attributes most of the increase to bunching rather than volume. Ships delayed elsewhere, by weather in the Bay of Bengal or by congestion at ports in China and the Middle East, are arriving in clusters instead of at the steady rhythm on which the region's fuel barges, pilots and berth schedules depend.

"The strait itself is not full," said Arjun Mehta-Lim, who led the study. "What is full is the system around it. When forty ships turn up in a day that was planned for twenty-five, everything downstream — refuelling, crew changes, inspections — stretches, and it takes a week to recover."

## The long way round

For a growing number of operators, the alternative is the Lombok Strait, the deep channel between the Indonesian islands of Bali and Lombok, which has long been used by the very largest tankers and ore carriers that are too deep for Malacca. Taking it adds between two and three days to a voyage from the Gulf to northern China, depending on the ship's speed, and burns more fuel.

Orient Crescent Lines, a Hong Kong-based operator of 38 bulk carriers and product tankers, said this month that it had sent eleven ships on the Lombok route since January as a trial, and that on six of those voyages the total time from port to port had been shorter than the company's average for the Malacca route over the same period.

"We are not abandoning Malacca, and I do not expect anyone to," said Grace Tan, the company's head of chartering. "But if you can predict a longer voyage to the hour, and you cannot predict the shorter one to the day, the longer one starts to look attractive. Our customers pay for reliability more than for speed."

The arithmetic is finely balanced. Pelican Point estimates that the extra fuel for a mid-sized tanker taking the Lombok route costs between 110,000 and 180,000 dollars a voyage at current prices, against a charter rate that can exceed 40,000 dollars a day. A saving of two or three days at anchor can cover the difference — but only when the queue is long.

## Who loses if ships go elsewhere

The businesses that serve ships in the strait are watching closely. Fuel suppliers, chandlers and crew-change agencies depend on the habit of stopping on the way through. Hafiz Roslan, who manages a fleet of six bunker barges, said his bookings had fallen by about a tenth this year, which he attributed partly to ships refuelling before they arrive. "Nobody tells you they have gone another way," he said. "You just notice that the same names stop calling."

Maritime lawyers and insurers add a note of caution. The Lombok route passes through waters with fewer pilotage and rescue services, and some underwriters have asked for additional information about crew experience before covering ships that plan to use it.

Mr Mehta-Lim does not expect a large shift. His model suggests that, even at the current waiting times, no more than 3 to 4 per cent of the strait's traffic would find the longer route cheaper. But he said the trend mattered more than the number. "Shipping moves at the margin," he said. "Five per cent of ships going elsewhere is enough to change where fuel is sold, where crews are changed and where new terminals are built."`,
  },
  {
    slug: 'nairobi-talks-draft-rules-for-climate-displaced',
    section: 'world',
    headline: 'Nairobi talks draft shared rules for people displaced by drought and floods',
    standfirst:
      'Negotiators from 31 countries backed portable records and early relocation for displaced households, but a proposed fund for the towns that receive them was left without a figure.',
    dateline: 'NAIROBI',
    authors: ['hannah-weiss'],
    access: 'registered',
    hoursAgo: 150,
    image: {
      motif: 'fields',
      light: 'dusk',
      alt: 'An illustrated expanse of dry, pale fields at dusk, with a single flat-topped tree against an amber sky',
      caption: 'Parched grazing land of the kind many herding families in the region have left over the past three years.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `Negotiators from 31 countries ended four days of talks in Nairobi on Friday with a draft framework that, if governments adopt it, would for the first time set out shared rules for how states treat people forced from their homes by drought, floods and other climate-related disasters.

The text, known for now as the Nairobi Framework on Climate Mobility, is not a treaty and creates no new legal category of "climate refugee", an idea the drafters rejected early on as both legally contentious and unlikely to win support. Instead it tries to solve narrower, practical problems: what documents displaced people carry, when governments should move communities before a disaster rather than after it, and who pays the towns that take them in.

"People displaced by a drought do not need a new word," said Wanjiru Mwangi, a lawyer who chaired the drafting committee for the Tana Climate Mobility Forum, the regional body that convened the talks. "They need a paper that lets their children sit exams in another district, and a government that moved them before the wells ran dry instead of after."

## The scale of the problem

The talks were framed by a study, published last month by the Mvua Institute for Environment and Society, which estimated that 4.2 million people across the 31 participating countries had been displaced at least once by weather-related disasters over the past three years. About seven in ten stayed within their own country, usually moving from rural areas to the edges of secondary towns. Fewer than one in ten crossed a border.

The figures matter because the existing international protections were largely designed for people who flee across borders from persecution or war. Someone who leaves a dried-out grazing area for a town 200 kilometres away is, in most countries, simply a citizen who has moved, entitled to whatever the town offers — which is often very little, because the town's budget was set on the basis of a census taken before they arrived.

Dr Peter Otieno, the institute's lead author, said the study found that towns receiving large numbers of displaced households saw the cost of water rise by an average of 40 per cent within a year, and school enrolment in the lower grades rise by a quarter without any increase in teachers. "The pressure lands on local authorities that have no say in national climate policy and no line in the national budget for it," he said.

## What the draft proposes

The draft has three main elements. The first commits governments to issue a standard "mobility record" to displaced households, which would carry over entitlements such as school places, health insurance registration and land claims to wherever the family settles. Several countries already issue such documents; the framework would make them mutually recognised, so that a family that crosses a border keeps the record.

The second sets out "anticipatory triggers": measurable conditions, such as three consecutive failed rainy seasons or river gauges above a set level, at which governments would offer planned relocation to communities at risk, with compensation and consultation, rather than waiting for an emergency. The drafters borrowed the approach from early-warning systems used in humanitarian finance, in which money is released automatically when a forecast crosses a threshold.

The third, and most contested, proposes a regional fund to pay receiving towns a fixed sum per registered displaced household for up to three years. The draft names no figure. Delegates said an earlier version had suggested a target of 600 million dollars a year, which was removed after several finance ministries objected that they had not been consulted.

## Doubts and next steps

That omission was the main target of criticism at the closing session. Fatuma Hassan, who represents a network of pastoralist associations and attended as an observer, said communities had heard promises of money before. "A framework with no figure is a letter with no stamp," she said. "It is well written, and it will not arrive."

Legal scholars also questioned how much difference a non-binding text would make. Prof Elin Marstrand, who teaches international migration law in the Netherlands, said similar regional declarations had changed practice mainly where a strong institution was given the job of monitoring them. "The mobility record is the part with real potential, because it is concrete and cheap," she said. "The fund is where these texts usually stall."

Supporters argue that the framework's modesty is deliberate. Ms Mwangi said the drafting committee had aimed for something that interior and education ministries, rather than foreign ministries, could put into practice within two years. "We wrote it for the district officer, not the diplomat," she said.

The draft will now be circulated to the 31 governments for comment, with a ministerial meeting planned in Nairobi in six months at which it could be adopted. At least twelve states must endorse it for the mobility record to take effect among them. Ms Mwangi said she expected to have the twelve, and that the fund would be discussed separately with development banks and donor governments over the coming months.

Outside the conference centre, the practical stakes were plain. In the car park, a delegation from a county in the north had set up a display of photographs of a borehole that had been dug three times deeper in five years. Its caption read simply: "We moved the well. Next, we move ourselves."`,
  },
  {
    slug: 'avren-islands-election-contested-port-newcomer',
    section: 'world',
    headline: 'Avren Islands election leaves a contested port in the hands of a newcomer',
    standfirst:
      'The governing Islands Union lost four seats and its majority, while Tidemark, a movement of fishermen and teachers opposed to dredging the northern sound, won seven in its first election.',
    dateline: 'PORT AVREN',
    authors: ['jonas-lindqvist'],
    access: 'metered',
    hoursAgo: 290,
    image: {
      motif: 'hills',
      light: 'overcast',
      alt: 'An illustrated line of low green hills under a heavy grey sky, above a stretch of dark, choppy sea',
      caption: 'The northern sound of the Avren Islands, where the planned port would require extensive dredging.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `Voters in the Avren Islands handed no party a majority in Sunday's election to the archipelago's 27-seat assembly, leaving the future of a contested deep-water port project in the hands of a newcomer that did not exist eighteen months ago.

The governing Islands Union, which has led every administration for the past sixteen years, won 10 seats, down from 14. Tidemark, a movement founded by fishermen and schoolteachers to oppose the port, took 7 seats in its first election. The remaining seats were divided among three smaller parties. Turnout was 71 per cent, the highest in two decades, and queues formed outside polling stations on the two outer islands, where the ferry timetable was extended so that voters could return home the same evening.

The port, which would be built and operated by Brennholm Logistics, a Rotterdam-based company, under a 40-year concession, was the only issue that mattered in the campaign. Supporters say it would bring about 600 jobs to islands where the population has fallen by a fifth since 2000 and where young people routinely leave for the mainland. Opponents say dredging the northern sound would damage the spawning grounds on which the fishing fleet, still the largest private employer, depends.

Solveig Arnadottir, Tidemark's leader and a former harbour pilot, said the result was a vote for a different kind of development, not against development itself. "People want work here. They do not want to trade the fish for the cranes," she told supporters at the community hall in Port Avren late on Sunday.

The outgoing premier, Mikael Strand, conceded that the Union had "not persuaded enough islanders" and said his party would talk to every group in the new assembly. Without Tidemark, the Union would need the support of all three smaller parties to govern.

Coalition talks are expected to begin this week. Both leaders said a public referendum on the port, which Tidemark proposed during the campaign, was now possible. Brennholm Logistics said in a statement that it respected the result and would "wait for clarity" before committing further funds.`,
  },
];
