import type { DemoArticle } from '../demo-article.ts';

export const businessArticles: readonly DemoArticle[] = [
  {
    slug: 'creditors-take-control-of-cold-chain-group-veldmaar',
    section: 'business',
    headline: 'Creditors take control of Dutch cold-chain group Veldmaar after rescue talks fail',
    standfirst:
      'Lenders led by two private credit funds will swap €640m of debt for ownership, wiping out the founding family and leaving 4,200 jobs dependent on a leaner plan.',
    dateline: 'ROTTERDAM',
    authors: ['daniel-reyes'],
    access: 'metered',
    hoursAgo: 5.5,
    image: {
      motif: 'river',
      light: 'overcast',
      alt: 'An illustrated river port under a grey sky, with long low warehouses and stacked containers along the water.',
      caption: 'Warehouses along the Maas in Rotterdam, where Veldmaar has stored and moved chilled cargo since 1962.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `Veldmaar Groep, the Rotterdam refrigerated logistics company that stores and moves much of the fruit, fish and medicine arriving through the Dutch ports, is to be handed to its lenders after last-ditch talks on a family-backed rescue broke down late last night.

Under an agreement announced this morning, creditors holding about €640m of Veldmaar's €910m of debt will exchange their loans for ownership of the company. Two private credit funds, London-based Northmoor Capital and Aldis Credit of Frankfurt, will together own roughly 70 per cent of the restructured group; a syndicate of three banks will hold most of the rest, with 5 per cent set aside for management. The Van Deursen family, which founded the business in 1962 as a single ice store in the old harbour district of Delfshaven, will be left with nothing.

The lenders will also put in €150m of new money, enough, the company says, to pay suppliers in full and to finish a half-built freezer warehouse near Venlo. The plan needs the approval of the district court in Rotterdam under the Dutch court-sanctioned restructuring procedure, known by its initials WHOA, which allows a plan to be imposed on dissenting creditors and shareholders if certain tests are met. A hearing is expected within six weeks.

"This is not the outcome anyone at this company wanted, but it is the outcome that keeps the trucks running," said Marloes Kuipers, Veldmaar's chief financial officer, on a call with reporters. "Every customer will be served tomorrow as they were served today. Every supplier will be paid. What changes is who owns us, and how much we owe."

Veldmaar employs about 4,200 people at 19 sites in the Netherlands, Belgium, Germany and Poland, and runs a fleet of some 1,100 refrigerated trailers. It reported revenue of €1.3bn last year, according to accounts filed in the spring, but made a loss for the second year running once the cost of its debt was included.

## How a family firm borrowed its way into trouble

For most of its six decades Veldmaar was a cautious, modestly indebted business, known in the port for paying its bills early and for a founder who inspected the cold stores in person every Friday. The change came when a younger generation of the family, advised by a new management team, set out to turn a regional warehouse operator into a pan-European platform for temperature-controlled goods.

In three years the company bought a Polish pharmaceutical distributor, two Belgian trucking firms and a German business that handles frozen fish, and began building two automated freezer warehouses — one on the Maasvlakte, the port's reclaimed extension into the North Sea, and one near Venlo on the German border. Almost all of it was paid for with floating-rate loans taken out when borrowing was cheap.

Two things then went wrong at once. Electricity, which can account for a fifth of the running costs of a deep-freeze warehouse, became far more expensive; and rising interest rates almost tripled Veldmaar's annual interest bill, from about €22m to €61m, according to figures in the restructuring documents. The Polish business, bought largely for its contracts with vaccine makers, lost much of its volume as that demand fell away.

"On paper the strategy made sense. In practice they bought at the top, built at the top and borrowed at the bottom of the rate cycle," said Pieter Hoogland, a restructuring partner at the Amsterdam advisory firm Hoogland Verbeek, who is not involved in the case. "Cold chain is a good business with thin margins. Thin margins do not survive a tripling of your interest costs."

The company first breached the terms of its main loans last autumn. Lenders granted waivers twice while the family looked for an outside investor. Talks with a Gulf-based logistics group stalled over valuation in the summer, according to two people familiar with the process. A family proposal to inject €60m of its own money and keep a controlling stake was rejected by the funds last month; a revised offer of €85m for a 30 per cent holding was the one that collapsed overnight.

## What the lenders want

The new owners' plan, set out in a 140-page document filed with the court, is for a smaller and simpler Veldmaar. The Polish pharmaceutical unit will be put up for sale. Three of the 19 sites — two older cold stores in Rotterdam's Waalhaven and a depot in Antwerp — will close, with their work moved to other facilities. The company expects about 380 jobs to go over 18 months, most of them through the closures, and says it will offer transfers where it can.

The Venlo warehouse, stalled since the spring with its racking half installed, will be finished and is due to open next year. The lenders regard it as the group's most valuable asset: it sits on rail and motorway links to Germany's industrial west and was designed to run on electricity bought under a long-term contract from a nearby solar park.

Torben Halvorsen, a managing director at Northmoor who will join Veldmaar's new supervisory board, said the funds intended to own the company for "a number of years, not a number of months".

"We lent to this business because we believed in its assets and its customers. We still do," he said. "What it could not carry was the balance sheet. Once that is fixed, this is a company with long-term contracts, scarce facilities and a real position in one of Europe's busiest ports."

A new chief executive is expected to be named before the court hearing. Joost van Deursen, the founder's grandson, who has run the company since 2018, will step down when the plan takes effect.

Not every creditor is content. Holders of about €90m of a junior loan, which ranks behind the funds' debt, will receive warrants worth at most a few cents on the euro. One of them, a Danish pension investor, said it was considering whether to contest the plan on the ground that it undervalues the business. Under the WHOA a court can refuse to sanction a plan if a class of creditors would be left worse off than in a bankruptcy, and arguments over valuation have become a common battleground in such cases.

## Workers, customers and what happens next

For Veldmaar's staff, the most pressing questions concern pensions and the collective labour agreement. The company said both would be honoured in full and that the new owners had given written commitments to the works council.

Sanne Visser, who chairs that council and has worked at the Maasvlakte site for 14 years, said staff had known for months that the company was in difficulty but learnt the details only this morning.

"People are relieved that there is no bankruptcy, and angry that it came to this," she said. "The family built something good here. Then the debt came, and the decisions were made in rooms we were never invited into. We will hold the new owners to every word they have written down."

Customers, who include supermarket chains, fruit importers and several pharmaceutical wholesalers, were told of the plan in a letter sent overnight. Two large fruit importers contacted by the Courier said they had no plans to move their business, though one said it had asked for weekly updates on the company's finances. In cold-chain logistics, switching providers is slow and costly: goods must be held within narrow temperature bands, and contracts typically run for three to five years.

Restructuring specialists say the case illustrates a wider shift in how troubled mid-sized European companies are reorganised. A decade ago a firm of Veldmaar's size would most likely have negotiated with a handful of banks. Today its largest lenders are often funds that specialise in direct lending, which are more willing to take control of a borrower than to sell their loans at a loss.

"The funds are becoming owners by default," said Hoogland. "That is not necessarily bad for the companies. They tend to be patient, and they know the business from years of lending to it. But they are not family owners, and the people who work there will notice the difference."

The family, in a brief statement, said it had "fought until the last hour" to keep the company independent and thanked its staff. "Veldmaar was our grandfather's life's work," it said. "We hope it will endure under its new owners."

The court is expected to set a date for the hearing in the coming days. Until then the lenders have agreed not to enforce their security, and the company will continue to trade as normal.`,
  },
  {
    slug: 'singapore-fuel-suppliers-prepare-for-methanol',
    section: 'business',
    headline: 'Singapore fuel suppliers prepare for methanol as shipowners hedge their bets',
    standfirst:
      'A ship-to-ship methanol transfer in the western anchorages tests whether the busiest bunkering hub in Asia can serve vessels built to burn several fuels, and whether anyone will pay for them.',
    dateline: 'SINGAPORE',
    authors: ['mei-chen'],
    access: 'metered',
    hoursAgo: 21,
    image: {
      motif: 'harbour',
      light: 'dusk',
      alt: 'An illustrated harbour at dusk, with ships at anchor and a small tanker moored alongside a large container vessel under an orange sky.',
      caption: 'Ships at anchor off western Singapore, where fuel suppliers are testing deliveries of methanol alongside conventional oil.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `Earlier this week a small tanker operated by Straits Marine Fuels drew alongside a container ship at anchor off the west coast of Singapore and, over a little more than six hours, pumped 1,800 tonnes of methanol into her tanks. For a cargo of conventional marine fuel the operation would have been routine. For Straits Marine, a mid-sized supplier that has sold oil to ships in these waters for three decades, it was the first delivery of its kind.

The company has spent about S$45m converting one of its tankers and leasing storage on Jurong Island for methanol, a fuel that produces far lower emissions when made from biomass or captured carbon and green hydrogen. It is betting that the container lines and car carriers now ordering ships able to burn methanol will, before long, actually want to buy it here.

"Singapore became the world's fuel station by being ready before the customer arrived," said Lim Wei Ling, the company's commercial director. "We would rather be early and a little lonely than late and irrelevant."

## A fleet that can burn anything, and mostly burns oil

That bet is less straightforward than it looks. According to Kestrel Maritime Analytics, a shipping research firm, about 40 per cent of the container-ship capacity now on order will be able to run on a fuel other than conventional oil — methanol, liquefied natural gas or, in a handful of cases, ammonia. But almost all of those ships are dual-fuel, and their owners can choose what to burn voyage by voyage.

At present the choice is usually oil. Green methanol costs roughly two and a half times as much as very-low-sulphur fuel oil for the same amount of energy, Kestrel estimates, and a ship needs more than twice the tank space to carry it. Unless a customer pays a premium for lower-carbon transport, or a regulation makes emissions expensive, there is little reason for an owner to fill up with it.

"The industry has bought optionality," said Arjun Menon, an analyst at Kestrel. "Owners have ordered engines that keep every door open because nobody knows which fuel will win. That is rational for them, and very awkward for suppliers, who have to invest in one door at a time."

Kestrel expects total methanol deliveries to ships in Singapore to remain below 2 per cent of the port's bunker sales for at least the next three years. Most of the demand, it says, will come from a few dozen ships on fixed routes whose cargo owners — makers of consumer electronics and clothing among them — have signed contracts for lower-emission shipping.

## Who pays the premium

One of those cargo owners' carriers is Eidsvaag Shipping, a Bergen-based company whose four new methanol-capable feeder ships will run between Singapore, Port Klang and ports in Vietnam. Harald Eide, its fleet director, said two of the company's customers had agreed to cover most of the fuel premium for their cargo for five years.

"Without those contracts we would be burning oil in a methanol-ready engine, and the difference would be a line in a brochure," he said. "With them, we can commit to a supplier, and the supplier can commit to a producer. Someone has to sign first."

Supply is another constraint. Most green methanol reaching Asian ports is still produced in small plants in China and northern Europe, and Straits Marine has contracted only enough for about 30 deliveries a year. Lim said the company was in talks with two proposed producers in Malaysia and Indonesia, which would shorten the supply chain and reduce the cost of shipping the fuel in.

Port competition is also a factor. Suppliers in Singapore are watching rival hubs in the region, as well as in Europe and the Middle East, that are trying to attract the first wave of alternative-fuel ships. Because a dual-fuel vessel can take on methanol wherever it is cheapest and burn it for weeks, a port that cannot offer it risks losing not just those sales but the oil sales that go with them.

Straits Marine plans a second delivery before the end of the month, to one of the Eidsvaag ships on its maiden call. Lim said the company would decide next year whether to convert a second tanker. "The first delivery proves we can do it," she said. "The tenth will prove whether anyone wants us to."`,
  },
  {
    slug: 'mid-sized-borrowers-paying-private-lenders-in-ious',
    section: 'business',
    headline: 'More mid-sized borrowers are paying private lenders in IOUs, ratings study finds',
    standfirst:
      'A review of 1,150 direct-lending deals shows the share letting borrowers add interest to their debt instead of paying cash has more than doubled, raising questions about how funds value loans.',
    dateline: 'LONDON',
    authors: ['daniel-reyes'],
    access: 'premium',
    hoursAgo: 58,
    image: {
      motif: 'skyline',
      light: 'dusk',
      alt: 'An illustrated city skyline of glass office towers at dusk, with lit windows against a fading violet sky.',
      caption: 'Office towers in the City of London, home to many of the funds that lend directly to mid-sized companies.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `A growing number of mid-sized companies that borrowed from private credit funds are no longer paying all their interest in cash, instead adding it to the amount they owe, according to a study that offers one of the most detailed views yet of a corner of finance that discloses little.

Castellan Ratings, a London-based credit rating and research firm, examined 1,150 loans made by 38 direct-lending funds to companies in Europe and North America, using data supplied by the funds' own investors. It found that 16 per cent of the loans now included a payment-in-kind, or PIK, feature, which allows a borrower to defer interest by adding it to the principal. Two years ago the figure was 7 per cent.

PIK is not new, and not in itself alarming. Some loans are designed that way from the start, typically for fast-growing companies whose cash is better spent on expansion. What concerns Castellan is the other kind: loans written to pay cash interest that were later amended to allow PIK because the borrower could no longer afford to pay.

Those amended loans — the study calls them "bad PIK" — now make up just over half of the total, up from about a third two years ago.

> "A borrower that switches from cash to PIK midway through a loan is telling you something. The lender may be right to give it time, but the loan should not be valued as though nothing has changed. In too many of the cases we reviewed, it was." — from the Castellan Ratings report

## Why it matters

Private credit — lending by funds rather than banks — has grown rapidly over the past decade, financing companies too small or too indebted for the bond markets. Its investors are mostly pension funds, insurers and wealthy individuals, drawn by higher yields and by the steadiness of the funds' reported returns.

That steadiness is partly a product of how the loans are valued. Unlike bonds, private loans are rarely traded, so funds value them with models, usually reviewed each quarter by an outside valuation firm. A loan whose interest is being added to principal continues to generate reported income, which flows into a fund's returns even though no cash has changed hands.

Ines Albuquerque, head of private credit research at Castellan and the study's lead author, said the firm had found 61 loans where interest had been switched to PIK after a missed or deferred payment and yet the loan was still marked at 95 per cent of face value or higher.

"We are not saying these loans will default. Many will recover," she said. "But an investor looking at a fund's return should know how much of it is cash and how much is a promise. At the moment, in most reports, you cannot tell."

The results varied widely between funds. In the ten with the highest share of amended PIK loans, 11 per cent of reported interest income over the past year had not been received in cash. In the ten with the lowest, the figure was under 2 per cent.

## The lenders' case

Fund managers argue that flexibility is the whole point of private credit. A bank lending to a struggling company may be pushed by its own capital rules to call in the loan; a fund with patient money can give the borrower time, collecting its interest later, usually at a higher rate as compensation.

"Switching to PIK for a year is often the best outcome for everyone — the company, its staff and the lender," said Oliver Pryce, a partner at Hartwell Direct Lending in London, which was not among the funds in the study. "The alternative is a default, an enforcement, a fire sale. Our job is to get our investors' money back, and sometimes the way to do that is to wait."

Pryce said most funds already disclosed PIK income to their investors, if not always in headline figures, and that valuation firms applied more scrutiny than critics assumed. He also pointed out that default rates on direct-lending loans had stayed below those on comparable high-yield bonds.

Castellan accepts that, but argues that default rates can flatter a market in which troubled loans are routinely amended rather than declared in default. When it counted every amendment that cut interest, pushed back a maturity or switched interest to PIK, its measure of "distressed modifications" reached 9.4 per cent of loans in the year to June, against a reported default rate of 2.1 per cent.

## What investors are asking for

Some pension funds have begun asking managers for loan-level data. Henrik Sollerud, chief investment officer of Fjordvik Kommunale Pensjonskasse, a Norwegian municipal pension fund with about NOK 40bn of assets, said his team now required a quarterly breakdown of cash and non-cash income from every private credit manager it used.

"We like the asset class and have no plan to leave it," he said. "But we have learnt, as investors always do, that the number on the front page is not the whole story. We read the footnotes now."

Castellan's recommendations are modest. It wants funds to report cash and PIK income separately in their headline returns, to flag every loan switched to PIK after it was made, and to disclose the valuation of each such loan. The Direct Lenders' Forum, an industry group, said it would study the report and noted that its members already followed reporting guidelines it published last year.

The numbers remain small relative to the size of the market, and the study found no sign of a wave of losses. But Albuquerque said the trend deserved attention precisely because it was easy to miss. "Problems in credit rarely arrive as a surprise," she said. "They arrive as a footnote that nobody read."`,
  },
  {
    slug: 'kenyan-solar-lender-jualuma-raises-38m',
    section: 'business',
    headline: 'Kenyan solar lender Jualuma raises $38m to expand into Uganda and Zambia',
    standfirst:
      'The pay-as-you-go company, which rents home solar kits to 210,000 households, says the money will also fund larger systems able to run water pumps and refrigerators for small shops.',
    dateline: 'NAIROBI',
    authors: ['tomasz-nowak'],
    access: 'registered',
    hoursAgo: 137,
    image: {
      motif: 'hills',
      light: 'day',
      alt: 'Illustrated green hills under a bright blue sky, dotted with small homesteads and fields.',
      caption: "Farmland in western Kenya, where most of Jualuma's customers live beyond the reach of a reliable grid.",
      credit: 'Illustration: Meridian Courier',
    },
    body: `Jualuma, a Nairobi company that sells home solar systems on credit to households without reliable grid power, has raised $38m from development lenders and private investors to expand into Uganda and Zambia.

The round combines $14m of equity, led by Mbeya Impact Partners, a fund based in Dar es Salaam, with $24m of debt. Two-thirds of the debt is a shilling-denominated loan from a group of three Kenyan banks, an arrangement the company says protects it from the currency swings that have squeezed rivals who borrowed in dollars while collecting payments in local money.

Jualuma's customers pay a deposit of about 2,500 shillings for a kit of a rooftop panel, a battery, lights and a phone charger, then make small daily payments by mobile money over 18 to 24 months. If payments stop, the system switches itself off until they resume. The company says 91 per cent of its 210,000 customers, most of them in western Kenya, are up to date.

"Our customers are farmers and traders whose income arrives in small, irregular amounts. The product has to fit that, not the other way round," said Wanjiru Kamau, Jualuma's co-founder and chief executive. "Borrowing in shillings means we can keep our prices steady when the exchange rate is not."

The company plans to open in eastern Uganda early next year, starting with 12 shops around Mbale, and in Zambia's Copperbelt about a year later. About a third of the new money will go to larger systems, priced at up to 90,000 shillings, that can power irrigation pumps, refrigerators and barbers' clippers — products Kamau said earned more per customer but carried a higher risk of default.

Baraka Mushi, a partner at Mbeya who will join Jualuma's board, said the fund had been persuaded by the company's repayment record through two difficult harvests. "This is a lending business that happens to sell solar," he said. "We invested in the lending."

Jualuma, founded in 2016, had revenue of about $21m last year and has raised $61m in total, including the new round. It says it expects to break even on an operating basis within two years.`,
  },
  {
    slug: 'habits-that-keep-small-firms-cash-moving',
    section: 'business',
    headline: 'Five habits that help small firms keep cash moving through a slow quarter',
    standfirst:
      'Late invoices, more often than lost customers, are what push small businesses into difficulty; owners and advisers describe the routines that give them early warning and room to act.',
    dateline: 'LEEDS',
    authors: ['samuel-adeyemi'],
    access: 'free',
    sponsor: 'larkspur-bank',
    hoursAgo: 310,
    image: {
      motif: 'abstract',
      light: 'day',
      alt: 'An abstract illustration of overlapping coloured bands and circles in warm yellows and blues, suggesting a chart.',
      caption: 'Keeping track of money coming in and going out is the unglamorous core of running a small firm.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `Gareth Lowe's joinery business in south Leeds had its best year on record two years ago, and nearly ran out of money in the middle of it. Orders were strong, but three of his largest customers, all building contractors, were paying 70 or 80 days after he invoiced them. Meanwhile his timber supplier wanted paying in 30, and his 12 staff every month.

"The profit was real. The cash was somewhere else," Lowe says. "I was working out in the van which bills could wait a week. That is no way to run a company."

His experience is common. In a survey of 1,800 of its small-business customers carried out for this article, Larkspur Bank found that 58 per cent had been paid late by at least one customer in the past six months, and that about one in five had delayed paying a supplier or a tax bill as a result. Only 31 per cent said they kept a written forecast of cash coming in and going out.

Advisers say that the firms that cope best with a slow quarter are rarely the ones with the cleverest financing. They are the ones with dull, regular habits. Here are five that come up again and again.

## Five habits

- **Keep a 13-week cash forecast, and update it every week.** A simple spreadsheet listing expected receipts and payments, week by week, shows a squeeze a month or two before it arrives, while there is still time to act.
- **Invoice on the day the work is done.** Every day between finishing a job and sending the bill is a day added to the wait for payment. Clear terms, a named contact and a purchase-order number all reduce excuses.
- **Chase early, politely and by routine.** A reminder a few days before the due date, a phone call the day after, and a fixed point at which a director gets involved.
- **Know your survival number.** That is the fixed monthly cost of staying open — wages, rent, loan repayments, insurance — and how many weeks the cash in the bank would cover it.
- **Arrange credit before you need it.** An overdraft or a revolving credit facility is far easier to agree when the accounts look healthy than in the middle of a crisis.

## Forecasts before finance

Nadia Qureshi, an independent accountant in Bradford who works mainly with family businesses, says the forecast matters most. "When a client comes to me in trouble, the first thing I ask for is a list of what they expect to receive and pay over the next three months. Often they have never written it down," she says. "Half the time, the act of writing it down solves part of the problem, because they see which customer they need to call."

Accounting software sold by several providers can now draw up such forecasts automatically from invoices and bank data, and many banks, including Larkspur, offer similar tools to business customers. Qureshi says the tool matters less than the routine. "A forecast you look at every Monday beats a perfect model you open twice a year."

Fiona Marsh, head of small-business banking at Larkspur, says borrowing should come after, not instead of, those habits. "Credit is a useful cushion, and we want to provide it. But a loan can't fix a business that is being paid in 80 days and paying out in 30 — it only delays the conversation," she says. "We would rather have that conversation early, when there are more options."

For Lowe, the change was mostly a matter of discipline. He now sends invoices from his phone before leaving a site, renegotiated his terms with two contractors and agreed 45-day payment with his timber supplier. He also keeps an overdraft facility he has drawn on only once, for three weeks last winter.

"I still have slow months," he says. "The difference is that I see them coming."`,
  },
];
