import type { DemoArticle } from '../demo-article.ts';

export const scienceArticles: readonly DemoArticle[] = [
  {
    slug: 'paper-test-spots-drug-resistant-infections',
    section: 'science',
    headline: 'Paper test spots drug-resistant infections in under an hour, hospital trial finds',
    standfirst:
      'A folded-paper strip costing less than a dollar identified resistant bacteria in urine samples almost as accurately as laboratory culture, raising hopes for faster and better-targeted antibiotic use.',
    dateline: 'DHAKA',
    authors: ['hannah-weiss'],
    access: 'metered',
    hoursAgo: 3.25,
    image: {
      motif: 'skyline',
      light: 'day',
      alt: 'An illustrated city skyline in hazy daylight, with dense low-rise buildings in the foreground and taller towers behind',
      caption: 'Dhaka, where the paper strip was developed and first tested on patients at outpatient clinics.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `A test made from folded filter paper and a few drops of reagent can tell within 50 minutes whether a urinary infection is caused by bacteria resistant to the most widely used antibiotics, according to a trial involving more than 2,400 patients at three hospitals in Bangladesh and Nepal.

The results, published on Thursday in a peer-reviewed journal of clinical microbiology, suggest the strip could help doctors in places without well-equipped laboratories choose the right drug at the first visit, instead of prescribing a broad-spectrum antibiotic and waiting days for culture results that often never arrive.

The device was developed by a team led by Farhana Kabir, a microbiologist at a public research institute in Dhaka, working with engineers from a small diagnostics start-up, Sutra Diagnostics. It targets bacteria that produce extended-spectrum beta-lactamases, or ESBLs — enzymes that break down penicillins and many cephalosporins, the workhorse antibiotics for common infections.

The strip works by colour. A few drops of urine are placed on a pad loaded with a compound that turns from yellow to red when ESBL enzymes cut through it. A second pad, which also contains an inhibitor that blocks those enzymes, acts as a control. If the first pad turns red and the second stays yellow, the bacteria are resistant. No electricity or refrigeration is needed, and the strips remain stable for nine months at 35C.

## How it performed

In the trial, nurses ran the strip on samples from 2,431 adults who came to outpatient clinics with symptoms of a urinary infection. The same samples were sent for standard laboratory culture, which takes two to three days.

Of the 611 samples that culture showed contained ESBL-producing bacteria, the strip correctly flagged 562, a sensitivity of 92%. It wrongly flagged 74 of the 1,820 samples without them, meaning it was about 96% specific. Each strip costs about 80 US cents to make at the current scale of production; the team expects that to fall to about 35 cents if manufacturing expands.

"Culture is still the gold standard, and we are not asking anyone to give it up," Kabir said. "But in a district clinic the choice is not between our strip and a laboratory. It is between our strip and a guess."

That guess matters. Resistance was common in the trial: one in four infections involved ESBL-producing bacteria, and in those patients the antibiotic most often prescribed at the first visit would have been ineffective. Doctors at the participating clinics changed their prescription in 38% of the cases where the strip returned a positive result, mostly switching to an oral drug still active against resistant strains rather than reaching straight for last-resort intravenous antibiotics.

## Caveats and next steps

Independent specialists welcomed the results but urged caution. Rajesh Thapa, an infectious-diseases physician in Kathmandu who was not involved in the trial, said the strip detects only one family of resistance mechanisms. "It will miss carbapenem resistance, which is the thing that keeps intensive-care doctors awake," he said. "A negative result does not mean the drug you pick will work."

The trial also did not measure whether patients recovered faster, which Thapa said would be the real test. A second study, now recruiting at eight clinics, will randomly assign patients to strip-guided or standard treatment and follow them for 30 days, tracking recovery, return visits and the total quantity of antibiotics prescribed.

Sutra Diagnostics says it will apply for regulatory approval in Bangladesh later this year and is looking for partners to produce the strips in other countries. Kabir said the team was also adapting the test for blood samples from newborns with suspected sepsis, where a fast decision can be the difference between life and death.`,
  },
  {
    slug: 'hot-nights-drive-summer-heat-deaths-southern-europe',
    section: 'science',
    headline: 'Hot nights, not hot days, drive most summer heat deaths in southern European cities',
    standfirst:
      'An analysis of eleven years of hospital and mortality records from fourteen cities finds that deaths climb sharply once night-time temperatures stay above 24C, a threshold few heat plans track.',
    dateline: 'MADRID',
    authors: ['samuel-adeyemi', 'hannah-weiss'],
    access: 'premium',
    hoursAgo: 29,
    image: {
      motif: 'night-city',
      light: 'night',
      alt: 'An illustrated city at night, rows of apartment blocks with lit windows beneath a warm, hazy sky',
      caption: 'Apartment blocks in a southern European city, where summer nights increasingly fail to cool below 24C.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `Summer heat kills most efficiently after dark. That is the central finding of the largest study yet of heat-related deaths in southern European cities, which concludes that the number of hot nights — not the height of the afternoon peak — is the best single predictor of how many people die during a heatwave.

The analysis, published this week by the Mediterranean Urban Heat Consortium, a network of 31 epidemiologists and climatologists at universities in Spain, Portugal, Italy, Greece and Cyprus, draws on eleven summers of death registrations, emergency admissions and weather-station readings from fourteen cities with a combined population of about 19 million. Its authors say the results should change the way public-health alerts are triggered, since most warning systems in the region are still built around daytime maximum temperatures.

"We have spent twenty years telling people to stay out of the sun at three in the afternoon," said Lucía Barredo, an environmental epidemiologist who led the work from Madrid. "That advice is still right. But the people we counted mostly did not die in the street at three in the afternoon. They died at home, often in the early morning, after a night when the bedroom never dropped below 27 degrees."

## What the records show

The team matched 212,000 deaths recorded between June and September in the study period against hourly temperature data from 96 weather stations, most of them inside city limits rather than at airports, where readings tend to run cooler at night. They then compared mortality on days following a "tropical night", when the minimum stays above 20C, with days when it fell below that mark, controlling for the daytime maximum, humidity, air pollution, the day of the week and public holidays.

The effect was modest until the night-time minimum reached about 24C, after which it steepened sharply. Above that threshold, each additional degree at night was associated with a 6.8% rise in deaths the following day, compared with 2.1% for each additional degree of afternoon heat. Three consecutive nights above 24C roughly doubled the effect; the researchers found no comparable compounding for runs of hot days broken by cooler nights.

Among the findings the consortium highlights:

- People aged 80 and over accounted for 58% of excess deaths on the days after hot nights, against 41% of all summer deaths.
- Excess mortality was 1.7 times higher in the poorest fifth of neighbourhoods by household income than in the richest fifth, even after adjusting for age.
- Deaths among people living alone rose about twice as fast as among those living with others.
- Emergency admissions for kidney failure and for respiratory infections rose more steeply after hot nights than admissions for heatstroke itself.

Nikos Stamatiou, a climatologist in Athens and one of the study's senior authors, said the last point helps explain why heat deaths are so often under-counted. "Very few of these death certificates say heat," he said. "They say heart failure, or pneumonia, or renal failure. Heat is what pushed a frail body over an edge it was already standing on, and it does that most reliably when the body gets no chance to recover overnight."

The physiology is well understood. During the day the body sheds heat mainly by sweating and by sending more blood to the skin, which makes the heart work harder. At night, in cooler air, the heart rate falls and the body's core temperature dips. When the night stays hot, that recovery never comes. Older people, whose ability to sense thirst and to sweat declines with age, and people taking common medicines such as diuretics and some antidepressants, are the most exposed.

## Why cities keep the heat

The consortium's climate data underline a second problem: the cities themselves are getting better at trapping heat overnight. Across the fourteen cities, the average number of nights a year above 24C rose from 9 in the first three summers of the study period to 23 in the last three. Daytime maximums rose too, but more slowly.

Urban heat islands are strongest after sunset. Stone, asphalt and concrete absorb heat through the day and release it through the evening, while dense streets block the breezes that would carry it away. The team's sensors recorded differences of up to 7C at 4am between the centre of one coastal city and a rural station 20 kilometres inland, compared with about 2C at 3pm.

Marta Quintela, an urban planner at a university in Porto who contributed to the housing analysis, said the study's neighbourhood-level data show how unevenly that heat falls. Top-floor flats under uninsulated roofs, in blocks built in the 1960s and 1970s with little shading or cross-ventilation, recorded indoor night temperatures as much as 4C higher than the air outside. "The poorest households are often sleeping in the hottest rooms in the city, and they are the least able to buy air conditioning or to run it all night," she said.

Air conditioning is a blunt answer in any case. Neighbourhoods with the highest rates of air-conditioner ownership did have lower heat mortality, but the researchers caution that the machines push warm air into the street, adding to the night-time heat for neighbours who have none, and raise electricity demand at hours when many grids in southern Europe are already stretched.

Cheaper, slower fixes exist. The study's authors point to reflective roof coatings, external shutters, street trees and the reopening of small urban parks at night, measures that cost little per household but take years to spread across a city. In one district included in the housing analysis, where a renovation programme had insulated roofs and fitted shutters to about 400 flats, indoor night temperatures on the hottest nights ran between 1.5C and 2C below those in similar unrenovated blocks nearby. "That sounds small," Quintela said. "On our curves, it is the difference between a bad night and a dangerous one."

## Rewriting the alerts

Most heat-health warning systems in the region issue alerts when forecast maximum temperatures cross a fixed level, sometimes adjusted for the time of year. Some already take night-time minimums into account, but as a secondary factor. The consortium argues they should carry at least equal weight, and that alerts should escalate automatically when hot nights are forecast to run for three days or more.

The authors also recommend that health services move some of their effort from the afternoon to the evening and early morning: telephone checks on elderly people living alone made at night rather than at midday, cooled rooms in care homes kept open overnight, and public cooling centres — libraries, community halls, some shopping centres — that stay open after dark instead of closing at 8pm.

Not everyone is convinced the threshold is as clean as the paper suggests. Elena Varga, a biostatistician at a public-health institute in Vienna who was not involved in the study, called the analysis careful but warned that a single threshold across fourteen cities risks hiding local differences. "Someone in a city where 24C at night is unusual will have different housing and different habits from someone in a city where it's routine," she said. "I'd want to see city-by-city thresholds before any health authority rewrites its plan around one number."

She also noted that death registrations in some of the cities were incomplete for the earliest summers, a limitation the authors acknowledge. Barredo said the team had re-run the analysis without those years, and that the night-time effect came out slightly larger, not smaller.

The consortium has shared its results with regional health authorities in all five countries and agreed not to publish city-level figures until each has had a chance to review them — a condition, Barredo said, of being given access to the hospital records in the first place. Two regions have already asked for help modelling what a night-based alert would have triggered in past summers.

The next stage of the work will be more personal. This summer, 1,200 volunteers over the age of 70 in four of the cities will wear wristbands that log skin temperature, heart rate and sleep, alongside small sensors placed in their bedrooms. The aim is to measure directly what the mortality records can only infer: how hot a bedroom has to be, and for how many nights, before an older body begins to struggle.

"We know how many people died," Barredo said. "What we don't yet know well enough is what their last few nights looked like. That's the part we can still change."`,
  },
  {
    slug: 'seagrass-meadows-portugal-hold-more-carbon',
    section: 'science',
    headline: 'Seagrass meadows off southern Portugal hold far more carbon than thought, survey finds',
    standfirst:
      'Sediment cores from the Algarve coast suggest commonly used estimates undercount stored carbon by more than half, strengthening the case for protecting meadows being lost to anchors and dredging.',
    dateline: 'FARO',
    authors: ['hannah-weiss'],
    access: 'metered',
    hoursAgo: 77,
    image: {
      motif: 'harbour',
      light: 'dawn',
      alt: 'An illustrated lagoon harbour at dawn, small fishing boats resting on shallow water under a pale pink sky',
      caption: 'The lagoons east of Faro, where clam harvesters and seagrass meadows share the same shallow waters.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `At low tide in the lagoons east of Faro, the seagrass lies flat on the mud like wet hair, and it is easy to miss how much is going on beneath it. A two-year survey by marine scientists in the Algarve suggests that it is a great deal more than anyone had assumed.

The survey, carried out by a team from the Atlantic Margins Institute, a marine research centre funded by a group of Portuguese and Spanish universities, took 340 sediment cores from seagrass meadows along 140 kilometres of coast, from the lagoons of the Ria Formosa to sheltered bays further west. It found that the meadows store an average of 212 tonnes of organic carbon per hectare in the top metre of sediment — about 2.3 times the figure used in most regional carbon inventories, which rely on global averages.

"We went out expecting to confirm the textbook number and we kept coming back with cores that didn't fit it," said Inês Carvalho, the marine ecologist who led the fieldwork. "After the first hundred we stopped assuming our equipment was wrong."

## Deeper than expected

The difference lies mostly far below the surface. Standard estimates for seagrass carbon assume that most of what is worth counting sits in the top 30 to 50 centimetres of sediment. The Algarve cores, drilled with a vibrating corer that can reach more than two metres into soft mud, showed organic-rich layers extending much deeper, some of them laid down, according to radiocarbon dating, more than 3,000 years ago.

Sheltered lagoons with fine, oxygen-poor mud were the richest stores, because the lack of oxygen slows the bacteria that would otherwise break down dead leaves and roots. Meadows on sandier, more exposed stretches held less, closer to the global average. The team's maps, which combine the cores with aerial and drone surveys, put the total carbon stored by seagrass along the surveyed coast at about 1.9 million tonnes.

That is small on the scale of national emissions. But the researchers argue that the more important number is what happens when meadows are disturbed. When seagrass is torn up — by boat anchors, by dredging for marinas and shipping channels, or by heavy digging for clams — the sediment beneath is exposed to oxygen and the stored carbon begins to escape as carbon dioxide. Comparing satellite and aerial images over three decades, the team estimates that about 18% of the meadows present along the surveyed coast in the early 1990s have since been lost or badly thinned.

## A case for protection

The survey was paid for partly by a regional fisheries association and partly by a European research grant, and its authors are candid about what they hope it achieves. Most coastal carbon projects in Europe have focused on salt marshes, which are easier to map and to survey on foot. Seagrass, Carvalho said, has been "the poor relation — underwater, hard to measure, and therefore easy to ignore".

The team has sent its findings to the regional authorities responsible for the lagoon's management plan, which is due for revision, with three proposals: moorings that do not drag across the seabed in the busiest anchorages, no-dredging zones over the richest meadows, and a pilot project to replant about 12 hectares of lost seagrass with shoots grown in tanks.

Not everyone who works the lagoon is enthusiastic. José Martins, who has harvested clams in the Ria Formosa for 31 years and chairs a local shellfishers' cooperative, said fishers were tired of being blamed for changes they did not cause.

> We have been here longer than any of the scientists, and we know the meadows better than anyone. When the grass goes, the clams go too, so nobody wants it gone less than we do. But if they close the best beds to us without talking to us first, families here will lose their living for a number that ends up in a report in Brussels.

Carvalho said she agreed that closures imposed from outside would fail, and that the team's proposals deliberately avoided blanket bans on harvesting. Several of the survey's divers, she noted, were recruited from fishing families in the lagoon.

Independent researchers said the results were plausible but should not be generalised too quickly. Pieter Vermeulen, a coastal biogeochemist in the Netherlands who reviewed the study for the journal that published it, said the Algarve's sheltered lagoons offered "close to ideal conditions for carbon burial" and that open-coast meadows elsewhere might hold much less. "The lesson is not that every seagrass bed holds twice as much carbon," he said. "It is that you need to measure locally before you put a price on any of it."

That question of price is the one looming behind the science. Companies seeking to offset their emissions have begun to show interest in "blue carbon" credits from coastal habitats. Carvalho is wary. "If this turns into a market before we understand how stable these stores are, we will sell credits for carbon that a single storm could release," she said. "Protecting what is already there is cheaper and more certain than anything we can plant."

The team plans to return to 40 of its survey sites each spring for the next five years to track whether the meadows are recovering or continuing to shrink.`,
  },
  {
    slug: 'coastal-ferry-measure-ocean-acidity-arctic',
    section: 'science',
    headline: 'Coastal ferry to measure ocean acidity on every Arctic crossing',
    standfirst:
      'Sensors fitted below the waterline of a passenger ferry will sample seawater every minute between Tromsø and Kirkenes, filling gaps left by research cruises that visit only a few times a year.',
    dateline: 'TROMSØ',
    authors: ['hannah-weiss'],
    access: 'registered',
    hoursAgo: 188,
    image: {
      motif: 'harbour',
      light: 'night',
      alt: "An illustrated northern harbour at night, a ferry's lights reflected in dark water beneath snow-covered mountains",
      caption: 'The harbour at Tromsø, where the ferry begins its twice-weekly round trip to Kirkenes.',
      credit: 'Illustration: Courier graphics desk',
    },
    body: `A passenger ferry that sails the coast of northern Norway will carry a small laboratory in its engine room from next month, measuring the acidity, temperature and salinity of the sea every minute of every voyage.

The instruments, installed by a team from a marine research station in Tromsø together with the ferry operator Nordkyst Line, draw seawater through an intake four metres below the waterline. Sensors measure dissolved carbon dioxide and pH, and the readings are sent by satellite to the station every hour. The ferry makes the 1,100-kilometre round trip between Tromsø and Kirkenes, near the Russian border, twice a week, all year round.

Arctic waters are acidifying faster than most of the world's oceans, because cold water absorbs carbon dioxide more readily and because meltwater and river run-off dilute the chemicals that buffer seawater against changes in pH. That matters for shell-building animals such as pteropods, tiny swimming snails that are a staple food for fish, and for the cod and shellfish fisheries that depend on them. Lower pH also makes it harder for young shellfish to build and keep their shells.

Yet the data are thin. Research vessels visit these waters a handful of times a year, mostly in summer, when the weather allows. "We know a lot about the Barents Sea in July and almost nothing about it in January," said Sigrid Haugland, the oceanographer who leads the project. "A ferry doesn't choose its season. It sails in the polar night and in storms, and that is exactly when we have no measurements."

The system cost about 1.4 million kroner, shared between the station and a national research fund; Nordkyst Line provides space and power free of charge. Erlend Moe, the company's technical director, said engineers on board had been trained to keep the intake clear of ice and weed, and to run a weekly calibration check.

The team hopes to publish its first full winter of data next year, and is in talks to fit similar equipment to two more vessels working the same coast.`,
  },
  {
    slug: 'danish-village-stores-summer-sunshine-for-winter',
    section: 'science',
    headline: 'How a Danish village stores summer sunshine to heat its homes through winter',
    standfirst:
      "A cooperative heat network built around a lined pit of hot water now covers most of one village's heating, though its members say the savings took longer to arrive than promised.",
    dateline: 'AALBORG',
    authors: ['tomasz-nowak'],
    access: 'free',
    sponsor: 'halden-energy',
    hoursAgo: 341,
    image: {
      motif: 'fields',
      light: 'overcast',
      alt: 'An illustrated stretch of flat farmland under a grey sky, with rows of solar panels beside a broad covered pool',
      caption: 'Farmland in northern Jutland, where a village cooperative stores summer heat in a lined pit for the winter months.',
      credit: 'Illustration: Meridian Courier',
    },
    body: `On the edge of Hjortlund, a village of about 2,300 people in northern Jutland, there is a field that looks like a shallow lake under a grey tarpaulin. Beneath the floating lid are 60,000 cubic metres of water, heated over the summer by rows of solar collectors in the next field and drawn down slowly through the winter to warm nearly 900 homes, a school and a sports hall.

Seasonal heat storage of this kind is not new in Denmark, where district heating is common. But Hjortlund's network, completed four winters ago, is one of the smaller systems to combine a storage pit with solar collectors and a large heat pump, and it is owned outright by the people it heats.

## How the system works

The principle is simple even if the engineering is not. From April to September, about 24,000 square metres of solar collectors heat water to as much as 80C, which is pumped into the top of the pit. Because hot water rises, the pit stays layered: hottest at the surface, coolest at the bottom, some 16 metres down. In winter the network draws from the top. When the stored water has cooled too far to use directly, an electric heat pump raises its temperature, running mainly at night and on windy days, when electricity is cheapest.

The pit is lined with a welded polymer membrane and covered by an insulated lid that floats on the water. Even so, it loses heat: the cooperative's figures show that about 30% of the energy put in over the summer never comes back out. Its chief engineer, Mette Kjærgaard, says that is an acceptable price. "People hear 30% lost and think it's a failure," she said. "But the sunshine is free and the pit lets us use it in February. Without storage we would be dumping heat in August and burning something in January."

In the most recent winter, the network met 71% of the village's heat demand from stored solar heat and the heat pump, with a wood-chip boiler covering cold snaps. The cooperative aims to retire the boiler altogether within five years, once a second, larger heat pump is installed.

## The bills, and the patience

The project cost about 190 million Danish kroner, financed mostly through a long-term loan guaranteed by the municipality and repaid through members' heating bills. Here the story is less tidy. In the first two winters, problems with the pit lid and a delay in connecting the heat pump meant the boiler ran far more than planned, and bills were higher than members had been told to expect.

Anders Holm, a retired teacher who sits on the cooperative's board, remembers the meetings. "We had people standing up in the sports hall asking why they had ever signed up," he said. "Some of them were right to ask. We had been too optimistic about how quickly everything would work." Bills have since fallen, and a typical household now pays about 20% less for heat than it did with the individual oil and gas boilers the network replaced, according to the cooperative's accounts.

Halden Energy, which paid for this article, supplied the network's control software, which forecasts heat demand and electricity prices to decide when the heat pump should run. The company says similar systems could suit other villages and small towns with room for a pit and collectors nearby — a condition that rules out many denser places.

Kjærgaard's advice to other communities is blunt: plan for a difficult first two years, and keep members informed throughout. "The technology works," she said. "What decides whether a project like this survives is whether people still trust it when the first bill is wrong."`,
  },
];
