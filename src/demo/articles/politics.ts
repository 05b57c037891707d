import type { DemoArticle } from '../demo-article.ts';

export const politicsArticles: readonly DemoArticle[] = [
  {
    slug: 'government-survives-budget-vote-after-heartland-deal',
    section: 'politics',
    headline: 'Government survives budget confidence vote by four after late deal with Heartland Party',
    standfirst:
      "A $1.2bn promise for rural clinics and roads bought the regional party's nine votes, but ministers now face a spring of amendments they may struggle to control.",
    dateline: 'OTTAWA',
    authors: ['priya-raman'],
    access: 'metered',
    hoursAgo: 7.75,
    image: {
      motif: 'night-city',
      light: 'night',
      alt: 'An illustrated city at night, office towers lit window by window beneath a dark blue sky, with a domed building in the foreground',
      caption: 'The parliamentary district at night, where the division on the finance bill ended shortly before midnight.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `The government of Prime Minister Adrian Calloway survived a confidence vote on its budget shortly before midnight, winning by 171 votes to 167 after the Heartland Party agreed to back the finance bill less than three hours before the division bell rang.

The margin was the narrowest on a budget in more than two decades. The Civic Alliance holds 162 of the 340 seats in the lower house, nine short of a majority, and had spent the past fortnight insisting that it would not "buy" the support of any smaller party. In the end it did, and the price was set out in a four-page letter signed by the finance minister, Ingrid Marr, and the Heartland leader, Owen Tregarth, which was laid before the chamber as the debate closed.

Every opposition member present voted against. Two independents were absent, one through illness and one, according to her office, because of a cancelled flight.

## The price of nine votes

The letter commits the government to three things. It will spend an extra $1.2bn over three years on clinics, ambulance stations and county roads in districts with fewer than 40 residents per square kilometre. It will exempt agricultural diesel from the six-cent-a-litre rise in fuel duty announced in the budget, for two years, at an estimated cost of $340m. And it will set up a review of how grants to rural councils are calculated, reporting within nine months.

The fuel exemption was the sticking point. The Heartland Party, whose support is concentrated in the grain and dairy districts of the interior, had said since budget day that it could not vote for a measure that, by its own estimate, would add about $2,800 a year to the running costs of a typical family farm. Treasury officials had argued that any exemption would be hard to police and would invite similar claims from hauliers and fishing fleets.

Mr Tregarth told reporters outside the chamber that his party had "not asked for a single dollar for ourselves". He said: "We asked that people who grow the food are not the ones who pay for the government's arithmetic. Tonight the government accepted that. If it forgets, we will remember."

Ms Marr, speaking later in the lobby, said the measures were "affordable, targeted and fully paid for" and would be funded by delaying the second phase of a planned office consolidation programme across government departments. She declined to say whether the delay would affect the 1,100 civil service jobs that the programme had been expected to relocate.

The opposition Labour Reform Party called the agreement a "midnight bargain". Its leader, Rosalind Okwu, said the government had "found $1.5bn in an afternoon for nine votes, after telling nurses and teachers for a year that the cupboard was bare". Her party had tabled an amendment earlier in the day to restore a childcare subsidy cut in the budget; it was defeated by the same four-vote margin.

## A harder spring ahead

Surviving the vote ends the immediate danger to the government, but not its difficulties. The finance bill now goes to committee, where each clause can be amended separately and where the government's majority depends on the same handful of Heartland members. Officials in the whips' office say privately that they expect at least a dozen opposition amendments on childcare, public sector pay and the timing of a promised cut to the small business tax rate.

The Parliamentary Budget Office, which publishes its own costing of every budget, is expected to report on the new commitments within a fortnight. Its head, Leonie Baptiste, told a committee last month that the government's fiscal plan left "very little room for error" and that a shortfall of more than $2bn in either year would breach the government's own borrowing rule.

Hamid Qureshi, a professor of government at Northgate University who studies minority administrations, said the agreement resembled a confidence-and-supply arrangement in all but name. "The Civic Alliance has avoided a formal pact because it does not want to look dependent," he said. "But a written letter with a nine-month deadline is a pact. The question is what happens when the review reports and the Heartland Party does not like what it reads."

The agreement does not cover the next budget, due in roughly eleven months. Several Civic Alliance backbenchers, speaking on condition of anonymity, said they were uneasy that a party with under 3 per cent of the national vote had extracted concessions larger than those granted to their own regions. One described the evening as "a lesson in how minority government works, and not a pleasant one".

The committee stage is due to begin next week. The upper chamber, which can delay but not block money bills, is expected to take up the bill within a month.`,
  },
  {
    slug: 'new-electoral-map-would-move-23-seats',
    section: 'politics',
    headline: 'New electoral map would move 23 seats and tilt the house to the suburbs, analysis finds',
    standfirst:
      "The boundary commission's first draft in twelve years follows people out of the countryside, and a Courier reconstruction of past results suggests the governing party has the most to lose.",
    dateline: 'OTTAWA',
    authors: ['samuel-adeyemi', 'priya-raman'],
    access: 'premium',
    hoursAgo: 310,
    image: {
      motif: 'abstract',
      light: 'day',
      alt: 'An abstract illustration of overlapping coloured shapes in blue, ochre and green, like the fragments of a map, on a pale background',
      caption: 'The draft map redraws 23 of the 340 constituencies, most of them on the edges of the largest cities.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `The independent boundary commission has published its first draft of a new electoral map since the last review twelve years ago, and its proposals would change the political geography of the country more than any redrawing in a generation. Of the 340 constituencies in the lower house, 23 would be substantially altered, abolished or created, with almost all of the change flowing in one direction: away from thinly populated rural districts and towards the fast-growing suburbs of the three largest metropolitan areas.

The commission is required by law to keep every constituency within 8 per cent of the national average electorate, which now stands at roughly 81,500 voters. Under the current boundaries, drawn from population figures that are now more than a decade old, 41 seats fall outside that band. The largest has 109,300 registered voters; the smallest, in the northern mining districts, has 58,900. A vote in the smaller of the two is, in crude arithmetic, worth almost twice as much.

To understand what the draft would mean in practice, the Courier's data desk reconstructed the result of the last general election on the proposed boundaries. The exercise — known among election analysts as a set of notional results — suggests that the governing Civic Alliance would have won six fewer seats than it did, and that the opposition Labour Reform Party would have won four more. Neither change would, on its own, have altered who formed the government. But in a parliament where the government has no majority of its own and has survived recent votes by single figures, six seats is not a small number.

## Where the lines move

The 412-page report proposes changes in every region. The main ones are these:

- Rural constituencies, defined by the commission as those with fewer than 40 residents per square kilometre, would fall from 94 to 86.
- Suburban constituencies would rise from 112 to 121, with the capital's outer ring gaining four seats on its own.
- Seven seats in the interior grain belt would be merged into three larger ones, one of which would stretch more than 400 kilometres from end to end.
- Two inner-city seats would be combined into one, because housing redevelopment has reduced the number of registered voters living in older apartment districts.
- The northern mining districts would keep their four seats only because the commission invoked a rarely used clause allowing exceptions for constituencies larger than 20,000 square kilometres.

The last of these is likely to prove contentious. The commission's chair, Miriam Achterberg, a retired appeal court judge, wrote in the foreword that the exception "exists precisely so that no citizen need drive a full day to meet the person who represents them", but acknowledged that using it would leave the four northern seats between 21 and 27 per cent below the national average.

"Equal weight for every vote is the principle, and geography is the constraint," Ms Achterberg said at the launch of the report. "We have tried to honour both. Where we could not, we have said so openly, and the public is entitled to tell us we have got the balance wrong."

## How we did the sums

Election results are counted by constituency, but they are also reported, in less publicised tables, for each of the roughly 11,400 polling districts that make up the country. Most polling districts fall neatly inside a single constituency under both the old and the new boundaries, so their votes can simply be moved from one seat to another.

About 620 polling districts, however, are split by the proposed lines. For those, we divided the votes in proportion to the number of registered electors on each side of the new boundary, using the electoral register extracts the commission published alongside its draft. This assumes that voters on either side of a new line behaved in the same way, which will not always be true: a boundary that follows a main road may separate a new housing estate from an older village with very different habits.

We also made no attempt to model the personal vote, the advantage that an established local member often enjoys and which is partly lost when a large slice of new territory is added to a seat. In close seats, that matters.

With those caveats, the notional results are as follows. The Civic Alliance would fall from 162 seats to 156. Labour Reform would rise from 131 to 135. The Progressive League would gain two seats, rising to 26, mostly in suburban seats with a large share of younger renters. The Heartland Party, on whose nine members the government has relied in close votes, would lose one seat and keep eight. Independents and smaller parties would rise from 14 to 15.

In 17 of the redrawn seats, the notional winning margin is below two percentage points, meaning that small differences in method could produce a different result. We have published the full seat-by-seat figures, with the margin in each case, on our data pages.

Tobias Renwick, an election statistician at the Institute for Democratic Studies who reviewed our method at our request, said the approach was "standard and defensible" and that the broad direction of the findings was unlikely to change. "The detail in individual seats will move around as other analysts publish their own estimates," he said. "The headline, that this map shifts weight from the countryside to the suburbs and that this costs the governing party, I would be surprised to see overturned."

## The fight over the final map

The commission's proposals are only a first draft. A twelve-week public consultation opened on the day of publication, and the commission will hold hearings in 31 towns before publishing a revised map. Under the law that created it, parliament may approve or reject the final map as a whole but cannot amend individual boundaries — a rule designed to stop members of parliament from drawing their own seats.

That has not stopped the parties from making their views known. The Civic Alliance's party chair, Declan Fairweather, said the draft "risks turning rural voters into a footnote" and that his party would submit detailed objections in every affected region. He singled out the merger of the interior grain belt seats, saying that a constituency the size of the proposed Greater Prairie seat "cannot be served by one member, one office and one car".

Labour Reform welcomed the draft in general terms, though its national organiser, Farida Mensah, said the party was concerned about the loss of an inner-city seat and would argue that the commission had relied on an electoral register that undercounts renters. "People who move every year are less likely to be registered," she said. "If the map is drawn from the register rather than from the population, it quietly rewards stability and penalises precarity."

That argument points to a wider debate that the commission itself has flagged. It is required to draw boundaries using the number of registered electors, not the total adult population. In areas with many students, recent migrants or short-term tenants, the gap between the two can exceed 15 per cent. Ms Achterberg wrote that the commission had "no discretion" on the point but invited parliament to consider changing the law before the next review.

The Heartland Party said it was studying the proposals. Two of its nine members represent seats that would be merged under the draft; one of them would face a contest against a sitting Civic Alliance member in the new combined constituency.

Commissions typically revise between a quarter and a third of their draft proposals after consultation, but rarely the overall pattern: the movement of people from the countryside to the cities does not change in twelve weeks.

The revised map is expected in the autumn, and the final report early next year. If parliament approves it, the new boundaries would take effect at the next general election, which must be held within the next two and a half years. If parliament rejects it, the existing boundaries remain in place and the commission must begin again — an outcome that has happened only once, and which was followed by an election in which the governing party lost its majority.

For the Calloway government, that history poses an awkward choice. Accepting the map would probably cost it seats. Rejecting it would mean asking voters to accept an electoral system in which some of their votes count for barely half of others, and defending that choice through a campaign.`,
  },
  {
    slug: 'ethics-commissioner-inquiry-transport-minister-consultancy',
    section: 'politics',
    headline: "Ethics commissioner opens inquiry into transport minister's former consultancy",
    standfirst:
      'Gareth Lowden says he sold his stake before taking office, but the watchdog will examine whether a rail contract awarded last autumn went to a firm he advised.',
    dateline: 'OTTAWA',
    authors: ['priya-raman'],
    access: 'free',
    hoursAgo: 19,
    image: {
      motif: 'skyline',
      light: 'overcast',
      alt: 'An illustrated city skyline of grey office buildings under a heavy, overcast sky',
      caption: "Government offices in the capital, where the ethics commissioner's inquiry is expected to take several months.",
      credit: 'Illustration: Courier graphics desk',
    },
    body: `The parliamentary ethics commissioner has opened a formal inquiry into the transport minister, Gareth Lowden, over his links to a consultancy that advised a company later awarded a $640m contract to upgrade signalling on the eastern rail corridor.

In a two-paragraph notice published on her office's website, the commissioner, Beatrice Holm, said she would examine whether Mr Lowden had complied with the rules requiring ministers to declare and manage any interest that "could reasonably be seen to influence" their decisions. The notice does not allege wrongdoing, and Ms Holm's office stressed that an inquiry is not a finding.

Mr Lowden co-founded Kestrel Advisory, a small infrastructure consultancy, nine years ago. According to the register of ministerial interests, he sold his 40 per cent stake to his fellow partners four months before he was appointed to the cabinet. Kestrel's published client list for that year includes Norwell Rail Systems, which won the signalling contract last autumn after a tender run by the transport department.

The inquiry follows a complaint from the opposition Labour Reform Party's transport spokesman, Callum Brightwell, who said the sale agreement allowed Mr Lowden to receive deferred payments linked to the firm's performance over three years. Mr Lowden's office said the payments were fixed sums agreed at the time of sale, were declared in full to the cabinet office, and did not depend on any client's business.

"I welcome the chance to set out the facts," the minister said in a statement. "I took no part in the evaluation of the tender, and I am confident the commissioner will confirm that."

Transport department officials said the contract was scored by an independent panel and that the minister signed off on its recommendation without amendment. Norwell Rail Systems said it had followed every stage of the procurement process and would cooperate with any request for information.

The prime minister's office said Mr Lowden retained the prime minister's full confidence. Past inquiries by the commissioner have taken between three and seven months to conclude. If she finds a breach, she can recommend sanctions from an apology to a suspension; whether a minister keeps the job is for the prime minister.`,
  },
  {
    slug: 'committee-backs-votes-at-16-local-trial',
    section: 'politics',
    headline: "Cross-party committee backs trial of votes at 16 in four towns' local elections",
    standfirst:
      'MPs from all three main parties agree that a limited experiment is worth running, though they split over whether schools should be allowed to host polling stations.',
    dateline: 'OTTAWA',
    authors: ['priya-raman'],
    access: 'registered',
    hoursAgo: 130,
    image: {
      motif: 'river',
      light: 'day',
      alt: 'An illustrated river winding through a small town in bright daylight, with low houses and a bridge crossing the water',
      caption: 'A riverside market town of the kind the committee suggests for the trial, where turnout in council elections rarely passes a third.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `A cross-party parliamentary committee has recommended that 16- and 17-year-olds be allowed to vote in local elections in four towns at the next round of council polls, in what would be the first test of a lower voting age anywhere in the country.

The constitutional affairs committee, which has 11 members drawn from the Civic Alliance, the Labour Reform Party and the Progressive League, reached its conclusion after eight months of hearings. Its report stops short of endorsing a lower voting age for general elections. Instead it proposes what its chair, the Civic Alliance member Josephine Akande, called "a careful experiment with a clear question and an honest answer at the end of it".

Under the proposal, four municipalities would be chosen by the national electoral authority to represent a mix of large and small, urban and rural. About 19,000 young people would become eligible to vote. They would be added to the electoral register automatically using school enrolment records, a step the committee says is essential if the trial is to measure interest rather than paperwork.

The committee heard from 64 witnesses, including electoral officials, teachers, youth councils and political scientists. The most frequently cited evidence came from research suggesting that people who vote in the first election for which they are eligible are considerably more likely to keep voting throughout their lives, and that 16-year-olds, who mostly still live at home and attend school, may be easier to reach than 18-year-olds who have just left both.

One witness, Leila Novak, a 17-year-old member of a municipal youth council, told the committee in written evidence that the current age limit meant her first chance to vote would come shortly after she moved away for university.

> I will be registered in a town I have lived in for three weeks, voting for councillors I have never heard of, about streets I do not know. The place I have spent my whole life will have stopped asking my opinion the year before it would have started.

The committee quoted the passage in full in its report.

Not every member was persuaded of the case for a lower voting age itself. The report records that two Civic Alliance members supported the trial only on the condition that it be strictly time-limited and independently evaluated, and that they remained "unconvinced that the principle is sound". The committee therefore recommends that the trial run for one electoral cycle only, and that the electoral authority report to parliament within six months of polling day on turnout, the accuracy of the register and any problems at polling stations.

The sharpest disagreement was over schools. Labour Reform and Progressive League members wanted councils to be able to place polling stations in secondary schools during the trial, arguing that it would make voting visible and routine. Civic Alliance members objected that it risked bringing party campaigning into classrooms. The report leaves the decision to individual councils, but recommends that any school used as a polling station close to pupils on election day, as many already do.

The government has two months to respond formally. The minister for democratic institutions, Harriet Osei-Bergman, said the report was "thoughtful" and would be "considered seriously", but gave no commitment. Enabling the trial would require a short amendment to the local elections act, which officials estimate could pass in a single parliamentary session if the government chose to prioritise it.

The cost of the trial, including registration, additional ballot papers and the evaluation, is estimated by the committee at $4.7m.`,
  },
  {
    slug: 'labour-reform-holds-ashcombe-vale-by-election',
    section: 'politics',
    headline: 'Labour Reform holds Ashcombe Vale in by-election as turnout sinks to record low',
    standfirst:
      'The opposition kept the seat with a reduced majority, while the Progressive League came second for the first time, and fewer than a third of voters went to the polls.',
    dateline: 'OTTAWA',
    authors: ['priya-raman'],
    access: 'metered',
    hoursAgo: 57,
    image: {
      motif: 'fields',
      light: 'dawn',
      alt: 'An illustrated landscape of open fields at dawn, hedgerows and a distant village roofline under a pale pink sky',
      caption: 'Farmland on the edge of Ashcombe Vale, a constituency that mixes commuter towns with villages.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `The opposition Labour Reform Party has held the constituency of Ashcombe Vale in a by-election, but with its majority cut by more than half and on a turnout of 31.4 per cent, the lowest recorded in any parliamentary contest since the current electoral register was introduced.

Its candidate, Nadia Fairclough, a former head teacher and county councillor, won 11,962 votes, or 47.1 per cent. The Progressive League came second with 6,871 votes, up from fourth place at the general election. The governing Civic Alliance fell to third with 4,415 votes, its share dropping from 29 per cent to 17.4 per cent. Four other candidates shared the remainder.

The by-election was called after the death in the spring of the sitting member, Robert Ainsley, who had represented the seat for 16 years and was widely respected across the chamber. Ms Fairclough paid tribute to him in her acceptance speech at the counting hall in the early hours, saying she hoped to be "half as stubborn on behalf of this valley as Bob was".

## Reading the numbers

By-elections are an imperfect guide to national opinion. They are fought on local issues, they attract protest votes that rarely survive to a general election, and turnout is almost always lower. Even allowing for all that, the result contains three signals that party strategists will study.

The first is the Civic Alliance's collapse. Its share of the vote fell by almost 12 points, a larger drop than recent national polling, which puts the party about five points below its general election result, would suggest. Party officials pointed to the local campaign, which was dominated by the planned closure of the maternity unit at Ashcombe General Hospital, a decision taken by the regional health authority but widely blamed on the government's spending settlement.

The second is the rise of the Progressive League. Its candidate, Thomas Ekwueme, a 29-year-old housing campaigner, ran on rents, commuter rail fares and the hospital, and drew visible support from the constituency's newer estates, where many residents moved from the capital in search of cheaper homes. The party's share rose from 9 per cent to 27.1 per cent. Its leader described the result as "the moment we stopped being a protest and started being a choice", though the party remains far behind in national polls.

The third, and the one that worried officials of every party, is turnout. At the general election, 68 per cent of registered voters in Ashcombe Vale cast a ballot. On by-election day, fewer than one in three did. Polling station staff reported queues at opening and in the early evening, but long stretches of the day with almost no one voting in some of the rural wards.

## Who stayed at home

Ruth Adjei, a lecturer in electoral behaviour at Northgate University who observed the count, said by-elections held in early summer often suffer from low turnout but that the scale of the drop was unusual. "A fall of 37 points is not just holidays and weather," she said. "People told canvassers the result was a foregone conclusion, and a lot of them were right. When voters think nothing will change, some of them act accordingly."

An analysis of ward-level results by the Courier suggests that the fall was steepest in the villages, where the Civic Alliance has traditionally been strongest, and smallest in the newer estates where the Progressive League campaigned hardest. That pattern, if repeated, would make the Civic Alliance's difficulties in seats like this one larger than its vote share alone implies.

The Civic Alliance's campaign director, Philippa Rowe, said the party had "heard the message about the hospital" and would press the regional health authority to reconsider. She rejected the suggestion that the result reflected national dissatisfaction with the government, saying mid-term by-elections "always go like this".

Labour Reform's leader, Rosalind Okwu, visited the constituency on the morning after the count. She said the result showed that her party could hold seats "even when people are tired of politics", but acknowledged that the reduced majority was a warning. "We won, and we will take the win," she said. "We also heard what people said on the doorstep about all of us."

Ms Fairclough is expected to take her seat next week. The regional health authority's final decision on the maternity unit is due in the autumn, after a public consultation that closes at the end of next month.`,
  },
];
